"""places.py: which places a text names, and which are a unit's own, across the country."""

from __future__ import annotations

import pytest

from replydraft.places import Gazetteer, foreign_places


@pytest.mark.parametrize(
    ("unit", "place", "city"),
    [
        ("上海市浦东新区科技和经济委员会", "浦东新区", "上海市"),
        ("长宁区科学技术委员会", "长宁区", "上海市"),
        ("随州市商务局", "随州市", "湖北省"),
        ("子洲县教育局", "子洲县", "榆林市"),
        ("郑州市上街区消防救援大队", "上街区", "郑州市"),
        ("北京市朝阳区科学技术委员会", "朝阳区", "北京市"),
        ("吉林省长春市朝阳区教育局", "朝阳区", "长春市"),  # the same name in another city
    ],
)
def test_a_units_place_is_the_lowest_its_name_starts_with(unit: str, place: str, city: str) -> None:
    found = Gazetteer.national().lowest_in(unit)
    assert found is not None
    assert (found.name, found.city) == (place, city)


def test_a_unit_without_a_real_place_has_none() -> None:
    assert Gazetteer.national().lowest_in("示例区某某局") is None
    assert Gazetteer.national().own_names("示例区某某局") == frozenset()


def test_own_names_are_the_chain_above_and_the_zones_inside() -> None:
    own = Gazetteer.national().own_names("上海市浦东新区科技和经济委员会")
    assert {"浦东新区", "浦东", "上海市", "上海", "临港新片区"} <= own
    assert "长宁区" not in own


TEXT = (
    "2024年11月，武汉市启动示范行动。长宁区科委会同临港新片区管委会和上海市经信委，"
    "学习浙江经验；浦东的企业受益。日照充足，朝阳产业，来宾满座。"
)


def names(text: str, unit: str) -> list[str]:
    return [n.text for n in foreign_places(text, unit)]


def test_another_city_and_another_district_are_foreign_to_pudong() -> None:
    assert names(TEXT, "上海市浦东新区科技和经济委员会") == ["武汉市", "长宁区", "浙江"]


def test_pudong_and_its_zone_are_foreign_to_changning() -> None:
    assert names(TEXT, "长宁区科学技术委员会") == ["武汉市", "临港新片区", "浙江", "浦东"]


def test_with_no_own_place_every_place_is_foreign() -> None:
    assert names(TEXT, "示例区某某局") == ["武汉市", "长宁区", "临港新片区", "上海市", "浙江"]


def test_common_words_that_are_also_city_names_are_not_places() -> None:
    # 日照 (sunshine), 朝阳 (rising), 来宾 (guests): all prefecture-level cities too.
    assert names("日照充足，朝阳产业，来宾满座。", "") == []


def test_spans_point_at_the_names() -> None:
    text = "会同潼关县和渭南市有关部门"
    for n in foreign_places(text, "随州市商务局"):
        assert text[n.start : n.end] == n.text
    assert [n.place for n in foreign_places(text, "随州市商务局")] == ["潼关县", "渭南市"]


def test_a_city_name_heading_a_street_or_road_is_not_that_city() -> None:
    # 南京路 and 塔城路 are Shanghai's roads, 玉林街道 a street of 成都, not 南京, 塔城, 玉林.
    text = "黄浦区南京路、嘉定区塔城路和武侯区玉林街道的经验；南京、塔城两地也有做法。"
    found = [n.text for n in foreign_places(text, "上海市长宁区科学技术委员会")]
    assert found == ["黄浦区", "嘉定区", "武侯区", "南京", "塔城"]
    # 北京东路 is a road too; 武汉大学 is 武汉's.
    found = [n.text for n in foreign_places("北京东路、武汉大学", "上海市长宁区科学技术委员会")]
    assert found == ["武汉"]


def test_a_conjunction_glued_to_a_level_word_is_no_county() -> None:
    assert foreign_places("市教育局和县自然资源局、区和县两级", "紫阳县教育体育局") == []
    found = foreign_places("安徽省和县自然资源局", "紫阳县教育体育局")
    assert [n.text for n in found] == ["安徽省", "和县"]


def test_a_district_named_by_a_common_word_counts_only_after_its_city() -> None:
    text = "推进老城区改造和中心城区更新，开展矿区生态修复；晋城市城区、洛阳老城区也有做法。"
    found = [n.text for n in foreign_places(text, "紫阳县住房和城乡建设局")]
    assert found == ["晋城市", "城区", "洛阳", "老城区"]


def test_a_slogans_tail_is_no_county() -> None:
    # 兴县 (山西) and 富县 (陕西) are counties; 旅游兴县 and 工业富县 are slogans.
    text = "实施旅游兴县、工业富县战略；赴兴县考察，学习延安市富县经验。"
    found = [n.text for n in foreign_places(text, "紫阳县住房和城乡建设局")]
    assert found == ["兴县", "延安市", "富县"]
