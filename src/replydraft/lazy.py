"""Cached properties without functools.cached_property's lock.

Python 3.11's cached_property takes a lock (one per property, shared by every instance) each
time it works a value out; a proposal opened at 100,000 replies works out ~400 of them (a
document's metadata, its paragraphs' starts, a query's weights), and the lock and the wrapper
cost ~1 ms of it. Working a value out twice on two threads is harmless here: each is a pure
function of the instance.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, Self, TypeVar, overload

T = TypeVar("T")


class lazy(Generic[T]):
    """A property worked out when first read and kept in the instance's __dict__, where
    the next read finds it without calling anything."""

    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type[Any] | None = None) -> Self: ...
    @overload
    def __get__(self, instance: object, owner: type[Any] | None = None) -> T: ...
    def __get__(self, instance: object | None, owner: type[Any] | None = None) -> T | Self:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.func(instance)
        return value


class shared(lazy[T]):
    """A property worked out when first read and kept in the instance's `cache` dict, which
    its shallow copies share (copy.copy): a search hands out copies of a stored document,
    and what one copy decoded the next need not decode again."""

    @overload
    def __get__(self, instance: None, owner: type[Any] | None = None) -> Self: ...
    @overload
    def __get__(self, instance: object, owner: type[Any] | None = None) -> T: ...
    def __get__(self, instance: object | None, owner: type[Any] | None = None) -> T | Self:
        if instance is None:
            return self
        cache: dict[str, Any] = instance.cache  # type: ignore[attr-defined]
        try:
            value: T = cache[self.name]
        except KeyError:
            value = cache[self.name] = self.func(instance)
        return value
