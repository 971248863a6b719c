"""Generated hostile inputs through the real entry points: only known errors, bounded time.

A few hundred seeded cases per run (the same every time, so a failure is repeatable);
`replydraft bench fuzz --seconds N --seed S` runs longer with any seed.
"""

from __future__ import annotations

import pytest

from replydraft.bench.fuzz import CASE_SECONDS, ROUND, TARGETS, run


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_generated_inputs_end_in_success_or_a_known_error(target: str) -> None:
    rounds = max(1, 60 // ROUND[target])  # about 60 cases each
    report = run(18, rounds=rounds, targets={target: TARGETS[target]})
    assert report.cases[target] >= 40
    assert report.failures == [], "\n".join(map(str, report.failures))
    assert report.slowest[0] < CASE_SECONDS
    if target != "template":  # a template's problems are returned, not raised
        assert report.known[target] > 0  # the generator does reach the refusals


def test_a_case_that_raises_an_unknown_error_is_reported_as_a_failure() -> None:
    def broken(rng: object, folder: object, seeds: object) -> None:
        raise KeyError("bug")

    report = run(1, rounds=1, targets={"text": broken})
    assert len(report.failures) == ROUND["text"]
    assert report.failures[0].problem.startswith("KeyError: 'bug' at ")
