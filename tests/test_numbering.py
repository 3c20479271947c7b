from mkdocs_scholar.core.numbering import FirstAppearanceOrder, Run, compress, format_runs


def test_first_appearance_order_and_seed():
    order = FirstAppearanceOrder()
    for key in ["b", "a", "b", "c"]:
        order.add(key)
    assert order.keys() == ["b", "a", "c"]
    translated = FirstAppearanceOrder(order.keys())
    translated.add("z")
    translated.add("a")
    assert translated.get("a") == 2 and translated.get("z") == 4


def test_compress_sorts_deduplicates_and_folds():
    assert format_runs(compress([6, 1, 2, 3, 4, 5])) == "1–6"
    assert format_runs(compress([25, 3, 24])) == "3, 24, 25"
    assert format_runs(compress([28, 29, 30])) == "28–30"
    assert format_runs(compress([1, 11, 12, 13, 14])) == "1, 11–14"
    assert format_runs(compress([2, 2, 2])) == "2"
    assert compress([]) == []


def test_two_numbers_are_not_a_range():
    assert compress([2, 3]) == [Run(2, 2), Run(3, 3)]
