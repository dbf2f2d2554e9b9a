"""Quantities: numbers with units, ranges, bounds, approximations, ratios and their subjects.

Pure functions (numbers, lexicon) are tested directly; the rest through the full pipeline
(`run_nlp`) on hand-built sentences, one behaviour each."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from extractors.quantities import lexicon
from extractors.quantities.lexicon import RuleDataError
from extractors.quantities.numbers import find_numbers

DATA = Path(lexicon.__file__).parent
RULE_FILES = ("units_en.json", "currencies_en.json", "numbers_en.json", "modifiers_en.json")


@pytest.fixture(scope="module")
def lex():
    return lexicon.load("en")


def quantities(run_nlp, text):
    doc = run_nlp(text)
    for q in doc._.nf_quantities:
        assert text[q.start:q.end] == q.text
        assert q.sentence_start <= q.start < q.end <= q.sentence_end
    return doc._.nf_quantities


def only(run_nlp, text):
    found = quantities(run_nlp, text)
    assert len(found) == 1, found
    return found[0]


# ----------------------------------------------------------------- numbers (pure)
@pytest.mark.parametrize("text, written, value", [
    ("1,458,000 tons", "1,458,000", 1458000),
    ("2,204.62 pounds", "2,204.62", 2204.62),
    ("10 1/2 miles", "10 1/2", 10.5),
    ("7 3 / 4 %", "7 3 / 4", 7.75),
    ("2½ cups", "2½", 2.5),
    ("1.2 million", "1.2 million", 1.2e6),
    ("35 lakh", "35 lakh", 3.5e6),
    ("forty-five cents", "forty-five", 45),
    ("one hundred and five thousand", "one hundred and five thousand", 105000),
    ("half a million", "half a million", 5e5),
    ("a dozen eggs", "a dozen", 12),
    ("two-thirds of voters", "two-thirds", 2 / 3),
    ("two and a half years", "two and a half", 2.5),
    ("one point five million", "one point five million", 1.5e6),
    ("twenty point two five", "twenty point two five", 20.25),
    ("half an hour", "half", 0.5),
    ("half a dozen eggs", "half a dozen", 6),
    ("two dozens eggs", "two dozens", 24),
    ("3 hundred million dollars", "3 hundred million", 3e8),
    ("5 hundred thousand people", "5 hundred thousand", 5e5),
    ("a quarter of a million dollars", "a quarter of a million", 2.5e5),
    ("three quarters of a million", "three quarters of a million", 7.5e5),
    ("1 million 500 thousand dollars", "1 million 500 thousand", 1.5e6),
    ("3 millions dollars", "3 millions", 3e6),
    ("5 thousand million dollars", "5 thousand million", 5e9),
    ("1 lakh crore rupees", "1 lakh crore", 1e12),
    ("1,5 years", "1,5", 1.5),
    ("3,50 euros", "3,50", 3.5),
])
def test_numbers(lex, text, written, value):
    n = find_numbers(text, lex.numbers)[0]
    assert text[n.start:n.end] == written
    assert n.value == pytest.approx(value)


@pytest.mark.parametrize("text, numbers", [
    ("between one hundred and two hundred", [("one hundred", 100), ("two hundred", 200)]),
    ("one thousand and two thousand", [("one thousand", 1000), ("two thousand", 2000)]),
    ("one hundred and fifty", [("one hundred and fifty", 150)]),
    ("one hundred and five thousand", [("one hundred and five thousand", 105000)]),
])
def test_and_between_two_whole_numbers_is_no_part_of_either(lex, text, numbers):
    found = find_numbers(text, lex.numbers)
    assert [(text[n.start:n.end], n.value) for n in found] == numbers


def test_a_comma_before_three_digits_or_in_a_list_is_no_decimal_comma(lex):
    assert [n.value for n in find_numbers("1,500 tons", lex.numbers)] == [1500]
    assert [n.value for n in find_numbers("1,5,7", lex.numbers)] == [1]


def test_a_scale_word_alone_is_no_number(lex):
    assert find_numbers("Thousands of people lost millions of dollars.", lex.numbers) == []


def test_ordinals_and_articles_are_not_numbers(lex):
    assert find_numbers("a third round, the second time, a twister", lex.numbers) == []


def test_codes_are_marked(lex):
    text = "H20 chips, SCP-173, mid-2025, scp2-173m"
    assert all(n.after_letter for n in find_numbers(text, lex.numbers))


# ----------------------------------------------------------------- rule data (pure)
def test_every_unit_converts_to_its_kind_base(lex):
    for unit in lex.units.values():
        if unit.factor is not None and unit.kind not in ("currency", "percent"):
            assert unit.base == lex.kinds[unit.kind], unit


@pytest.mark.parametrize("unit, base_per_unit", [
    # exact definitions (NIST SP 811), written independently of the rule data
    ("inch", 0.0254), ("foot", 12 * 0.0254), ("yard", 36 * 0.0254), ("mile", 5280 * 12 * 0.0254),
    ("pound", 0.45359237), ("ounce", 0.45359237 / 16), ("dram", 0.45359237 / 256),
    ("short ton", 2000 * 0.45359237), ("long ton", 2240 * 0.45359237), ("stone", 14 * 0.45359237),
    ("gallon", 231 * 0.0254 ** 3 * 1000), ("square foot", (12 * 0.0254) ** 2), ("cubic meter", 1000),
    ("acre", 43560 * (12 * 0.0254) ** 2), ("hectare", 10_000), ("mile per hour", 5280 * 12 * 0.0254 / 3600),
    ("knot", 1852 / 3600), ("centimeter per millisecond", 10), ("kilowatt-hour", 3.6e6), ("calorie", 4.184),
    ("radian", 180 / 3.141592653589793), ("turn", 360), ("picometer", 1e-12), ("satoshi", 1e-8),
])
def test_conversion_factors_match_their_definitions(lex, unit, base_per_unit):
    assert lex.units[unit].factor == pytest.approx(base_per_unit, rel=1e-9)


def _copy_data(tmp_path: Path) -> Path:
    for name in RULE_FILES:
        shutil.copy(DATA / name, tmp_path / name)
    return tmp_path


def test_bad_rule_data_names_file_and_entry(tmp_path):
    root = _copy_data(tmp_path)
    units = json.loads((root / "units_en.json").read_text("utf-8"))
    units["units"].append({"name": "chain", "kind": "distance", "factor": 20.1168, "words": ["chain"]})
    (root / "units_en.json").write_text(json.dumps(units), "utf-8")
    with pytest.raises(RuleDataError) as err:
        lexicon.load("en", root)
    assert err.value.path.endswith("units_en.json") and "chain" in err.value.reason


def test_one_surface_cannot_mean_two_units(tmp_path):
    root = _copy_data(tmp_path)
    units = json.loads((root / "units_en.json").read_text("utf-8"))
    units["units"].append({"name": "metric mile", "kind": "length", "factor": 1500, "words": ["mile"]})
    (root / "units_en.json").write_text(json.dumps(units), "utf-8")
    with pytest.raises(RuleDataError, match="'mile' means both"):
        lexicon.load("en", root)


@pytest.mark.parametrize("minor", ["gram", "furlongs"])  # another kind; no such unit
def test_a_minor_unit_must_be_a_unit_of_the_same_kind(tmp_path, minor):
    root = _copy_data(tmp_path)
    units = json.loads((root / "units_en.json").read_text("utf-8"))
    next(u for u in units["units"] if u["name"] == "mile")["minor"] = minor
    (root / "units_en.json").write_text(json.dumps(units), "utf-8")
    with pytest.raises(RuleDataError, match=f"unit 'mile': minor unit '{minor}'"):
        lexicon.load("en", root)


def test_broken_json_and_missing_language(tmp_path):
    root = _copy_data(tmp_path)
    (root / "numbers_en.json").write_text("{not json", "utf-8")
    with pytest.raises(RuleDataError, match="not valid JSON"):
        lexicon.load("en", root)
    with pytest.raises(RuleDataError, match="no quantities rule data"):
        lexicon.load("xx")


# ----------------------------------------------------------------- units and values
@pytest.mark.parametrize("text, written, value, unit, kind", [
    ("The ship carried 353 tons of ore.", "353 tons", 353, "ton", "mass"),
    ("Exports reached 16,000 metric tons last year.", "16,000 metric tons", 16000, "tonne", "mass"),
    ("The bottle holds 75ml of water.", "75ml", 75, "milliliter", "volume"),
    ("It has a 3-inch screen.", "3-inch", 3, "inch", "length"),
    ("Winds reached 188 miles an hour.", "188 miles an hour", 188, "mile per hour", "speed"),
    ("The estate covers 190,000 square meters.", "190,000 square meters", 190000, "square meter", "area"),
    ("Panthers roam 190 km2 each.", "190 km2", 190, "square kilometer", "area"),
    ("The weight is 20 (kg) exactly.", "20 (kg)", 20, "kilogram", "mass"),
    ("The plant stores 500 MWh of energy.", "500 MWh", 500, "megawatt-hour", "energy"),
    ("The file is 100 MB in size.", "100 MB", 100, "megabyte", "data"),
    ("It was 90 fahrenheit in Texas.", "90 fahrenheit", 90, "degree fahrenheit", "temperature"),
    ("Set the oven to 20C today.", "20C", 20, "degree celsius", "temperature"),
    ("It fell to minus 10 degrees Celsius.", "minus 10 degrees Celsius", -10, "degree celsius", "temperature"),
    ("Convert - 20 degrees fahrenheit to celsius.", "- 20 degrees fahrenheit", -20, "degree fahrenheit",
     "temperature"),
    ("The saga is ten years old.", "ten years old", 10, "year", "duration"),
    ("a 10 - gallon water cooler sat in the corner .", "10 - gallon", 10, "gallon", "volume"),
    ("the firm bought a 1,000 - square - foot office .", "1,000 - square - foot", 1000, "square foot", "area"),
    ("the car went 120 km / h .", "120 km / h", 120, "kilometer per hour", "speed"),
    ('He has a pen that is 10 " long.', '10 "', 10, "inch", "length"),
    ("The engine makes 400 Nm of torque.", "400 Nm", 400, "newton meter", "torque"),
    ("A 5 nm process is planned.", "5 nm", 5, "nanometer", "length"),
    ("The plant produces 500 kW of power.", "500 kW", 500, "kilowatt", "power"),
    ("The connection runs at 100 Mbps.", "100 Mbps", 100, "megabit per second", "data rate"),
    ("It was 10 celcius this morning.", "10 celcius", 10, "degree celsius", "temperature"),
    ("the temperature dropped to - 5 ° c today .", "- 5 ° c", -5, "degree celsius", "temperature"),
    ("Set it to 20ºC.", "20ºC", 20, "degree celsius", "temperature"),
    ("Output was 2.3 mln tonnes in 2023.", "2.3 mln tonnes", 2.3e6, "tonne", "mass"),
    ("Rates rose a quarter of a percentage point.", "a quarter of a percentage point", 0.25, "percentage point",
     "percent"),
    ("It took half an hour.", "half an hour", 0.5, "hour", "duration"),
    ("the 5 - year - old boy was found .", "5 - year - old", 5, "year", "duration"),
    ("She is aged 7.", "aged 7", 7, "year", "duration"),
    ("percents of twenty", "percents of twenty", 20, "percent", "percent"),
    ("Temperatures were 10 degrees below zero.", "10 degrees below zero", -10, "degree", "temperature"),
    ("The party made a 180-degree turn on taxes.", "180-degree", 180, "arc degree", "angle"),
    ("They bought a 2,000 sqft home.", "2,000 sqft", 2000, "square foot", "area"),
    ("The room is 10 m^2 in all.", "10 m^2", 10, "square meter", "area"),
    ("Heat the oven to 200 c for an hour.", "200 c", 200, "degree celsius", "temperature"),
    ("convert 200 k into fahrenheit", "200 k", 200, "kelvin", "temperature"),
    ("it's 10 below zero", "10 below zero", -10, "degree", "temperature"),
    ("He is 5 ft 2 in tall.", "5 ft 2 in", 5 + 2 / 12, "foot", "length"),
    ("He is 5 feet 2 inches tall.", "5 feet 2 inches", 5 + 2 / 12, "foot", "length"),
    ("The baby weighs 6 pounds 3 ounces.", "6 pounds 3 ounces", 6 + 3 / 16, "pound", "mass"),
    ("The pulse moves at 5 cm per millisecond.", "5 cm per millisecond", 5, "centimeter per millisecond", "speed"),
    ("Trains reach 300 km per hour.", "300 km per hour", 300, "kilometer per hour", "speed"),
    ("The arm turns 2 radians.", "2 radians", 2, "radian", "angle"),
    ("Add 3 drams of powder.", "3 drams", 3, "dram", "mass"),
    ("An atom is about 100 picometers across.", "about 100 picometers", 100, "picometer", "length"),
    ("Turn the knob 2 turns clockwise.", "2 turns", 2, "turn", "angle"),
    ("It was 30 ° celsius at noon.", "30 ° celsius", 30, "degree celsius", "temperature"),
    ("It was 30 deg celsius at noon.", "30 deg celsius", 30, "degree celsius", "temperature"),
    ("It was 86 fahrenheit degrees at noon.", "86 fahrenheit degrees", 86, "degree fahrenheit", "temperature"),
    ("The link carries 5 mbits of data.", "5 mbits", 5, "megabit", "data"),
])
def test_units(run_nlp, text, written, value, unit, kind):
    q = only(run_nlp, text)
    assert (q.text, q.value, q.unit, q.kind) == (written, pytest.approx(value), unit, kind)


@pytest.mark.parametrize("text", ["The bus left at 5 c sharp.", "Temperatures fell below zero.",
                                  "He took 3 turns at the table."])
def test_a_unit_meant_only_in_context_needs_its_cue(run_nlp, text):
    assert quantities(run_nlp, text) == ()


def test_a_minor_unit_joins_only_its_own_major_unit(run_nlp):
    metric = quantities(run_nlp, "The length is 12 m 2 dm.")
    assert [(q.text, q.unit) for q in metric] == [("12 m", "meter"), ("2 dm", "decimeter")]
    apart = quantities(run_nlp, "He is 6 feet tall and 2 inches wider.")
    assert [(q.text, q.value) for q in apart] == [("6 feet", 6), ("2 inches", 2)]
    assert only(run_nlp, "It rose 5 feet 2 times.").text == "5 feet"  # no minor unit written: no compound


def test_a_quotation_mark_closing_a_quote_is_no_inch(run_nlp):
    assert quantities(run_nlp, 'It made the "top 10" list.') == ()


def test_percent_of_a_number_is_a_percent_only_where_the_number_ends_the_clause(run_nlp):
    assert quantities(run_nlp, "A large percentage of 20 firms failed.") == ()


def test_base_value_allows_comparison(run_nlp):
    km, mi = quantities(run_nlp, "The route is 10 km long, the other 10 miles.")
    assert (km.base_unit, mi.base_unit) == ("meter", "meter")
    assert km.base_value == pytest.approx(10_000) and mi.base_value == pytest.approx(16_093.44)
    c, f = quantities(run_nlp, "It was 100 degrees Celsius inside and 212 degrees Fahrenheit outside.")
    assert c.base_value == pytest.approx(373.15) and f.base_value == pytest.approx(373.15)


def test_tons_stay_tons_unless_the_text_says_metric(run_nlp):
    plain, metric = quantities(run_nlp, "Output rose from 46 tons in May and 30 metric tons in June.")
    assert (plain.unit, plain.base_value) == ("ton", None)
    assert (metric.unit, metric.base_value) == ("tonne", 30_000)


def test_percent_and_percentage_points_are_different_units(run_nlp):
    pts, pct, bps = quantities(run_nlp, "Unemployment rose 0.3 percentage point to 4.1%, and yields 25 basis points.")
    assert (pts.unit, pts.kind, pts.value) == ("percentage point", "percent", 0.3)
    assert (pct.unit, pct.value) == ("percent", 4.1)
    assert (bps.unit, bps.base_value, bps.base_unit) == ("basis point", 0.25, "percentage point")


# ----------------------------------------------------------------- money
@pytest.mark.parametrize("text, written, value, unit, base_unit", [
    ("Bonds worth $ 75 million were sold.", "$ 75 million", 75e6, "dollar", "USD"),
    ("The bank lent US$ 150 million to Russia.", "US$ 150 million", 150e6, "dollar", "USD"),
    ("Exports fell to hk $ 10.05 billion in 1988.", "hk $ 10.05 billion", 10.05e9, "hong kong dollar", "HKD"),
    ("The club paid €2bn for the stadium.", "€2bn", 2e9, "euro", "EUR"),
    ("He became the first £ 100 player.", "£ 100", 100, "pound sterling", "GBP"),
    ("Output broke through 100 billion yuan last year.", "100 billion yuan", 1e11, "chinese yuan", "CNY"),
    ("Ministers received five million yen from the industry.", "five million yen", 5e6, "japanese yen", "JPY"),
    ("The contract rose 1.20 cents today.", "1.20 cents", 1.2, "cent", "USD"),
    ("It cost 1.8M dollars to build.", "1.8M dollars", 1.8e6, "dollar", "USD"),
    ("It only cost thirteen dollars and forty-five cents.", "thirteen dollars and forty-five cents", 13.45,
     "dollar", "USD"),
    ("Shares closed at 197 pence.", "197 pence", 197, "penny", "GBP"),
    ("He paid 500 kronor for it.", "500 kronor", 500, "swedish krona", "SEK"),
    ("the debt totals rmb 10 million .", "rmb 10 million", 1e7, "chinese yuan", "CNY"),
    ("It bought 2 btc last year.", "2 btc", 2, "bitcoin", "XBT"),
    ("Sales were 1.8 billion marks last year.", "1.8 billion marks", 1.8e9, "german mark", "DEM"),
    ("It costs $ 3 and 10 cents.", "$ 3 and 10 cents", 3.10, "dollar", "USD"),
    ("It costs 15 euros and 50 cents.", "15 euros and 50 cents", 15.50, "euro", "EUR"),
    ("A pint costs 4 pounds 20.", "4 pounds 20", 4.20, "pound sterling", "GBP"),
    ("A ticket costs 15 dollars 50.", "15 dollars 50", 15.50, "dollar", "USD"),
    ("It costs 15 yuan 5 jiao.", "15 yuan 5 jiao", 15.5, "chinese yuan", "CNY"),
    ("The fund holds aud 5 million.", "aud 5 million", 5e6, "australian dollar", "AUD"),
    ("The deal is worth cad 20 million.", "cad 20 million", 2e7, "canadian dollar", "CAD"),
    ("It sold for mxn 100 million.", "mxn 100 million", 1e8, "mexican peso", "MXN"),
    ("The fee is 500 satoshis.", "500 satoshis", 500, "satoshi", "XBT"),
    ("I got 20 NZ dollars back.", "20 NZ dollars", 20, "new zealand dollar", "NZD"),
    ("Coffee costs 2,000 colones.", "2,000 colones", 2000, "costa rican colón", "CRC"),
])
def test_money(run_nlp, text, written, value, unit, base_unit):
    q = only(run_nlp, text)
    assert (q.text, q.value, q.unit, q.kind, q.base_unit) == (written, pytest.approx(value), unit, "currency",
                                                              base_unit)


def test_two_digits_after_money_join_it_only_at_the_clause_end(run_nlp):
    found = quantities(run_nlp, "He paid 15 dollars 50 times.")
    assert [(q.text, q.value) for q in found] == [("15 dollars", 15)]


def test_a_money_only_unit_needs_a_clause_about_money(run_nlp):
    assert quantities(run_nlp, "He scored 20 marks in the exam.") == ()


def test_a_currency_before_the_second_number_is_not_shared_with_the_first(run_nlp):
    q = only(run_nlp, "It costs 500 or ₹ 600 there.")
    assert (q.text, q.value, q.unit) == ("₹ 600", 600, "indian rupee")


def test_pounds_are_money_only_when_the_clause_speaks_of_money(run_nlp):
    mass, money = quantities(run_nlp, "She lost 25 pounds; the club paid 2 million pounds for him.")
    assert (mass.unit, mass.kind) == ("pound", "mass")
    assert (money.unit, money.kind) == ("pound sterling", "currency")
    assert only(run_nlp, "Output reached 400.5 million pounds.").unit == "pound"  # a scale word is no money cue


# ----------------------------------------------------------------- ranges, bounds, approximations
@pytest.mark.parametrize("text, written, low, high, unit", [
    ("Spot prices rose 30-50% during the disruption.", "30-50%", 30, 50, "percent"),
    ("New mines take 3-5 years to open.", "3-5 years", 3, 5, "year"),
    ("It lasts between 3 and 5 years in most cases.", "between 3 and 5 years", 3, 5, "year"),
    ("Tickets cost from $20 to $50 at the door.", "from $20 to $50", 20, 50, "dollar"),
    ("Revenue was $1.5bn-$2bn last year.", "$1.5bn-$2bn", 1.5e9, 2e9, "dollar"),
    ("The deal should close in three to six months.", "three to six months", 3, 6, "month"),
    ("Analysts see a $3-5 billion hit.", "$3-5 billion", 3e9, 5e9, "dollar"),
    ("The number is between 20 and 30 overall.", "between 20 and 30", 20, 30, None),
    ("It is larger than twenty and less or equal than thirty five.",
     "larger than twenty and less or equal than thirty five", 20, 35, None),
    ("Revenue is expected at $1.5-2bn this year.", "$1.5-2bn", 1.5e9, 2e9, "dollar"),
    ("Rates of 5% to 10% apply.", "5% to 10%", 5, 10, "percent"),
    ("Hire 20 to 30 workers.", "20 to 30", 20, 30, None),
    ("The number is 20-30.", "20-30", 20, 30, None),
    ("It's 20~30.", "20~30", 20, 30, None),
    ("It ranges from -5 to -1.", "from -5 to -1", -5, -1, None),
    ("The victims, aged 18 to 24, were students.", "aged 18 to 24", 18, 24, "year"),
    ("It was 5 to 10 degrees below zero.", "5 to 10 degrees below zero", -10, -5, "degree"),
    ("It is more than 20 but less than 30.", "more than 20 but less than 30", 20, 30, None),
    ("It is between one hundred and two hundred.", "between one hundred and two hundred", 100, 200, None),
    ("Prices range from 100 to 1000.", "from 100 to 1000", 100, 1000, None),
    ("Orders run 100 to 1000 a day.", "100 to 1000", 100, 1000, None),
    ("Class sizes range from 20 up to 30.", "from 20 up to 30", 20, 30, None),
    ("It is open from 20 till 30.", "from 20 till 30", 20, 30, None),
    ("Pick values 20 thru 30.", "20 thru 30", 20, 30, None),
    ("Keep it within the range of 20 and 30.", "within the range of 20 and 30", 20, 30, None),
    ("It holds for 30 < x < 50 only.", "30 < x < 50", 30, 50, None),
    ("It holds for 20 <= x <= 30 only.", "20 <= x <= 30", 20, 30, None),
    ("It holds for 50 > x > 30 only.", "50 > x > 30", 30, 50, None),
    ("It holds for x > 5 and x < 10 only.", "> 5 and x < 10", 5, 10, None),
    ("The number is between 10 & 20.", "between 10 & 20", 10, 20, None),
    ("The value is over 40 while less than 60.", "over 40 while less than 60", 40, 60, None),
    ("It is larger than 20 though smaller than 30.", "larger than 20 though smaller than 30", 20, 30, None),
])
def test_ranges(run_nlp, lex, text, written, low, high, unit):
    q = only(run_nlp, text)
    assert (q.text, q.value, q.low, q.high, q.unit) == (written, None, low, high, unit)
    assert q.kind == ("number" if unit is None else lex.units[unit].kind)


@pytest.mark.parametrize("text, expected", [
    ("Unemployment fell from 10% to 5% last year.", [("10%", 10, "percent"), ("5%", 5, "percent")]),
    ("Unemployment rose from 4.1% to 4.3%.", [("4.1%", 4.1, "percent"), ("4.3%", 4.3, "percent")]),
    ("Shipments grew from 46 tons to 353 tons in a month.", [("46 tons", 46, "ton"), ("353 tons", 353, "ton")]),
    ("Output dropped from 353 tons to 46 tons.", [("353 tons", 353, "ton"), ("46 tons", 46, "ton")]),
    ("Sales fell 10-5%.", [("10", 10, "percent"), ("5%", 5, "percent")]),
    ("Oil rose $2 to $85 a barrel.", [("$2", 2, "dollar"), ("$85", 85, "dollar")]),
    ("Unemployment rose 5% to 7%.", [("5%", 5, "percent"), ("7%", 7, "percent")]),
])
def test_a_change_from_one_value_to_another_is_two_values(run_nlp, text, expected):
    found = quantities(run_nlp, text)
    assert [(q.text, q.value, q.unit) for q in found] == [(w, pytest.approx(v), u) for w, v, u in expected]
    assert all(q.low is None and q.high is None for q in found)


@pytest.mark.parametrize("text, written, low, high, unit", [
    ("Fields up to 20 times stronger than ferrite.", "up to 20 times", None, 20, "times"),
    ("More than 30 people were hurt.", "More than 30", 30, None, None),
    ("At least 17 people died in the quake.", "At least 17", 17, None, None),
    ("The storm dumped over 2 feet of snow.", "over 2 feet", 2, None, "foot"),
    ("Costs could reach no more than $1 trillion in all.", "no more than $1 trillion", None, 1e12, "dollar"),
    ("Twenty or more people were injured.", "Twenty or more", 20, None, None),
    ("There were 500+ attendees.", "500+", 500, None, None),
    ("Adults 65 and over get the vaccine.", "65 and over", 65, None, None),
    ("It is 30 or smaller.", "30 or smaller", None, 30, None),
    ("Five or more years of experience are required.", "Five or more years", 5, None, "year"),
    ("Children aged 5 or younger were exempt.", "aged 5 or younger", None, 5, "year"),
    ("Values >= 30 are rejected.", ">= 30", 30, None, None),
    ("Rates ≤ 5% are accepted.", "≤ 5%", None, 5, "percent"),
    ("The number is not smaller than 20.", "not smaller than 20", 20, None, None),
    ("The number is equal to or fewer than 30.", "equal to or fewer than 30", None, 30, None),
    ("More than 2000 people were evacuated.", "More than 2000", 2000, None, None),
    ("More than 10k people came.", "More than 10k", 10_000, None, None),
    ("The test needs x>=30 to pass.", ">=30", 30, None, None),
    ("The bill exceeds 100 pages.", "exceeds 100", 100, None, None),
    ("The backlog is beyond 300 cases.", "beyond 300", 300, None, None),
    ("Entry requires a minimum 30 points.", "minimum 30", 30, None, None),
    ("The number is equal to 20 or more.", "equal to 20 or more", 20, None, None),
    ("It is larger than/equal to 30.", "larger than/equal to 30", 30, None, None),
    ("The number is more than or equals to 30.", "more than or equals to 30", 30, None, None),
    ("The value exceeds or equals 30.", "exceeds or equals 30", 30, None, None),
])
def test_open_bounds(run_nlp, text, written, low, high, unit):
    q = only(run_nlp, text)
    assert (q.text, q.value, q.low, q.high, q.unit, q.approximate) == (written, None, low, high, unit, False)


@pytest.mark.parametrize("text, expected", [
    ("It is less than 10 or more than 30.", [(None, 10), (30, None)]),
    ("The number is bigger than 30 and smaller than 20.", [(30, None), (None, 20)]),
    ("It is 30 < x > 50 here.", [(50, None)]),
    ("It needs x > 5 and y < 10.", [(5, None), (None, 10)]),  # two variables
])
def test_bounds_that_leave_no_number_between_them_stay_apart(run_nlp, text, expected):
    assert [(q.low, q.high) for q in quantities(run_nlp, text)] == expected


@pytest.mark.parametrize("text, written", [
    ("The number is equal to 30.", "equal to 30"),
    ("The number equals 30.", "equals 30"),
    ("Exactly 30 people came.", "Exactly 30"),
    ("It is the same as 30.", "the same as 30"),
    ("Check that x == 30.", "== 30"),
])
def test_a_number_stated_as_equal_is_a_quantity(run_nlp, text, written):
    q = only(run_nlp, text)
    assert (q.text, q.value, q.low, q.high, q.kind) == (written, 30, None, None, "number")


@pytest.mark.parametrize("text", [
    "It rose between 1995 and 2000.",  # a span of years: a date, not a quantity
    "It ran from 1995 to 2000.",
    "It ran 1995-2000 in London.",
    "The rule applies within 2020.",
    "The plan reaches beyond 2030.",
    "The team won 3 at least twice.",  # 'at least' bounds 'twice', not 3
    "Five or more years ago it was different.",
    "Spain beat Italy 3-1 and suffered a 1-3 defeat at home.",
    "The meeting runs 3-4 pm on Mondays.",
    "Call 555-1234 today or 1-800-555-0199 now.",
    "The number is 10+5.",
])
def test_pairs_and_bounds_that_are_dates_scores_times_or_phones(run_nlp, text):
    assert quantities(run_nlp, text) == ()


def test_a_bound_word_does_not_bound_a_span_of_time(run_nlp):
    q = only(run_nlp, "They will invest the money over five years.")
    assert (q.text, q.value, q.low) == ("five years", 5, None)


@pytest.mark.parametrize("text, written, value", [
    ("Approximately 85% of reserves are in China.", "Approximately 85%", 85),
    ("Sales were about $ 14 million last year.", "about $ 14 million", 14e6),
    ("The town lies some 325 kilometers north.", "some 325 kilometers", 325),
    ("Nearly 40% of voters stayed home.", "Nearly 40%", 40),
    ("Roughly 3 tonnes were seized.", "Roughly 3 tonnes", 3),
])
def test_approximations_keep_their_value(run_nlp, text, written, value):
    q = only(run_nlp, text)
    assert (q.text, q.value, q.approximate) == (written, pytest.approx(value), True)


# ----------------------------------------------------------------- ratios
@pytest.mark.parametrize("text, written, value", [
    ("Homes cost 10 times more than salaries.", "10 times", 10),
    ("Prices jumped threefold in a year.", "threefold", 3),
    ("Demand saw a 20-fold rise.", "20-fold", 20),
    ("The company doubled its workforce.", "doubled", 2),
    ("The new chip is 5x faster than the old one.", "5x", 5),
])
def test_ratios(run_nlp, text, written, value):
    q = only(run_nlp, text)
    assert (q.text, q.value, q.unit, q.kind) == (written, value, "times", "ratio")


def test_times_without_a_comparative_is_a_count_not_a_ratio(run_nlp):
    assert quantities(run_nlp, "I tried to call Bob 3 times already.") == ()


# ----------------------------------------------------------------- no false quantities
@pytest.mark.parametrize("text", [
    "The meeting starts at 6pm on Monday, or at 10:30 a.m. on March 3, 2024.",
    "The talks ended at 2.15pm on Tuesday.",
    "Call 555-1234 or (202) 555-0100 for details.",
    "Nvidia was summoned over its H20 chips, the F-35 and COVID-19 vaccines.",
    "Talks between the world's two largest economies are one facet of a third round.",
    "Output peaked in the 1990s, fell in 2008 and recovered by 2020.",
    "It is what 1 ) explains and 2 ) predicts.",
    "He finished 3rd in the 5G race for the A320 order.",
    "Get together for 2 in april.",
    "Controls were imposed approximately four months ago.",
    "See https://example.com/search?q=30%25%2020% for more.",
    "There is a 1-in-5 chance of rain and a 3-in-1 charger.",
    "Choose a mix of colours.",
    "If x is 3, then 2x + 1 is 7.",
    "The 4x4 truck was sold.",
])
def test_not_quantities(run_nlp, text):
    assert quantities(run_nlp, text) == ()


def test_address_pattern_is_linear_on_long_unbroken_text():
    import time

    from extractors.quantities.filters import address_spans

    text = "mail joe.doe@example.co.uk or see www.example.org/a?b=30% now."
    assert [text[s:e] for s, e in address_spans(text)] == ["joe.doe@example.co.uk", "www.example.org/a?b=30%"]
    for long in ("a-" * 50_000, "x" * 40_000, "a@" * 50_000, "a@b" + "." * 100_000):
        started = time.perf_counter()
        address_spans(long)
        assert time.perf_counter() - started < 1.0  # backtracking took seconds to minutes here


@pytest.mark.parametrize("text", [
    "9" * 400 + " tons were shipped.",  # no float holds the number
    "It measures 1" + "0" * 306 + " km.",  # the number fits, its value in metres does not
])
def test_numbers_beyond_float_range_give_no_quantity(run_nlp, text):
    assert quantities(run_nlp, text) == ()


def test_every_value_of_a_quantity_is_finite():
    import math

    from extractors.quantities.component import finite
    from schemas import Quantity

    def q(value, base_value=None, low=None):
        return Quantity(start=0, end=1, text="x", value=value, low=low, high=None, unit=None, kind="number",
                        approximate=False, subject=None, sentence_start=0, sentence_end=1, base_value=base_value)

    assert finite(q(5.0, 5000.0)) and finite(q(None, low=3.0))
    assert not finite(q(math.inf)) and not finite(q(1e306, math.inf)) and not finite(q(None, low=math.nan))


def test_duration_before_a_clause_is_still_a_duration(run_nlp):
    q = only(run_nlp, "Analysts expect a period of 5-7 years before supply diversifies.")
    assert (q.low, q.high, q.unit) == (5, 7, "year")


# ----------------------------------------------------------------- subjects
@pytest.mark.parametrize("text, quantity, subject", [
    ("June saw 353 tons of rare earth magnets flow to the US.", "353 tons", "rare earth magnets"),
    ("Prices rose, with spot prices for certain elements increasing 30-50% in May.", "30-50%",
     "spot prices for certain elements"),
    ("A 10-gallon water cooler toppled over.", "10-gallon", "water cooler"),
    ("Chinese exports rose 7.2% in July.", "7.2%", "Chinese exports"),
    ("These magnets can maintain magnetic fields up to 20 times stronger than ferrite magnets.", "up to 20 times",
     "magnetic fields"),
    ("The data showed a 5% increase in sales.", "5%", "sales"),
    ("Exports saw a remarkable 668% month-over-month increase in June.", "668%", "Exports"),
    ("Shares closed 5% higher on Friday.", "5%", "Shares"),
    ("China's share of global output is about 85%.", "about 85%", "China's share"),
])
def test_subject(run_nlp, text, quantity, subject):
    q = next(q for q in quantities(run_nlp, text) if q.text == quantity)
    assert q.subject is not None and subject in q.subject, q.subject


def test_subject_is_none_when_the_parse_does_not_say(run_nlp):
    assert only(run_nlp, "It cost $ 75 million.").subject is None


def test_offsets_are_document_offsets(run_nlp):
    text = "First line has no number.\nThe second costs $5 and weighs 3 kg."
    money, mass = quantities(run_nlp, text)
    assert text[money.sentence_start:money.sentence_end] == "The second costs $5 and weighs 3 kg."
    assert (money.text, mass.text) == ("$5", "3 kg")


def test_subject_is_capped_to_the_words_nearest_its_noun():
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from extractors.quantities.subject import MAX_TOKENS, subject_of

    modifiers = [f"w{i}" for i in range(12)]
    words = [*modifiers, "sales", "rose", "5", "%"]
    n = len(modifiers)
    doc = Doc(Vocab(), words=words, pos=["NOUN"] * n + ["NOUN", "VERB", "NUM", "NOUN"],
              heads=[n] * n + [n + 1, n + 1, n + 3, n + 1],
              deps=["compound"] * n + ["nsubj", "ROOT", "nummod", "dobj"])
    subject = subject_of(doc[n + 2:n + 4])
    assert subject == " ".join([*modifiers[-(MAX_TOKENS - 1):], "sales"])


@pytest.mark.parametrize("change, message", [
    (lambda m: m["comparatives"]["inclusive"].append("or equal"), "every form must hold {c}"),
    (lambda m: m["changes"]["down"].append("rose"), r"both up and down: \['rose'\]"),
    (lambda m: m["units_before"].append({"words": ["aged"], "unit": "eon", "clause_end": False}),
     r"units_before\[2\]: needs 'words', a known 'unit'"),
    (lambda m: m["date_bounds"].append("sometime before"), "date_bounds: not bound words"),
    (lambda m: m["unitless_ranges"]["joiners"].append("versus"), "must be a subset of range_joiners"),
    (lambda m: m["senses"].append({"surfaces": ["x"], "unit": "eon", "cues": "money"}),
     r"senses\[2\]: needs a known 'unit'"),
    (lambda m: m["senses"].append({"surfaces": ["x"], "unit": "inch", "cues": "weather"}),
     r"senses\[2\]: needs a known 'unit' and the name of a cue set"),
    (lambda m: m["cues"].pop("temperature"), r"in_context names unknown cue sets \['temperature'\]"),
])
def test_bad_modifier_data_fails_loudly(tmp_path, change, message):
    root = _copy_data(tmp_path)
    modifiers = json.loads((root / "modifiers_en.json").read_text("utf-8"))
    change(modifiers)
    (root / "modifiers_en.json").write_text(json.dumps(modifiers), "utf-8")
    with pytest.raises(RuleDataError, match=message):
        lexicon.load("en", root)


def test_an_unpaired_surface_must_be_a_symbol_of_its_unit(tmp_path):
    root = _copy_data(tmp_path)
    units = json.loads((root / "units_en.json").read_text("utf-8"))
    inch = next(u for u in units["units"] if u["name"] == "inch")
    inch["unpaired"].append("inches")
    (root / "units_en.json").write_text(json.dumps(units), "utf-8")
    with pytest.raises(RuleDataError, match="unpaired"):
        lexicon.load("en", root)


def test_comparatives_make_every_bound_form(lex):
    bounds = lex.modifiers.bounds
    assert (bounds["more than"].side, bounds["more than"].inclusive) == ("low", False)
    assert (bounds["smaller than or equal to"].side, bounds["smaller than or equal to"].inclusive) == ("high", True)
    assert (bounds["no fewer than"].side, bounds["no fewer than"].inclusive) == ("low", True)
    assert lex.modifiers.postfix_bounds["or larger"] == "low" and lex.modifiers.postfix_bounds["and less"] == "high"


def test_word_lists_share_one_check(tmp_path):
    from extractors.dates.lexicon import HERE as DATES
    from extractors.dates.lexicon import parse_lexicon

    data = json.loads((DATES / "lexicon_en.json").read_text("utf-8"))
    data["timezones"] = ["utc", " "]
    with pytest.raises(RuleDataError, match=r"bad\.json: timezones: expected a list of non-empty strings"):
        parse_lexicon(data, "bad.json")
    root = _copy_data(tmp_path)
    modifiers = json.loads((root / "modifiers_en.json").read_text("utf-8"))
    modifiers["changes"]["up"] = ["rose", 5]
    (root / "modifiers_en.json").write_text(json.dumps(modifiers), "utf-8")
    with pytest.raises(RuleDataError, match=r"modifiers_en\.json: changes\.up: expected a list of non-empty"):
        lexicon.load("en", root)


# ----------------------------------------------------------------- direction of a change
@pytest.mark.parametrize("text, quantity, direction", [
    ("Exports fell 5% in July.", "5%", "down"),
    ("Exports saw a remarkable 668% month-over-month increase in June.", "668%", "up"),
    ("The central bank cut interest rates by 25 basis points.", "25 basis points", "down"),
    ("Sales rose sharply by 5% last year.", "5%", "up"),
    ("Prices have risen by an average of 4%.", "4%", "up"),
    ("Shares closed 5% higher on Friday.", "5%", "up"),
    ("Prices were up 12% year on year.", "12%", "up"),
    ("The company reported a 10 percent drop in profit.", "10 percent", "down"),
    ("Oil prices climbed more than 4% this week.", "more than 4%", "up"),
    ("Sales doubled last year.", "doubled", "up"),
    ("Output was halved.", "halved", "down"),
    ("Prices jumped threefold in a year.", "threefold", "up"),
    ("Oil rose $2 to $85 a barrel.", "$2", "up"),
    ("Oil rose $2 to $85 a barrel.", "$85", None),  # the level reached, not the change
    ("Revenue rose to $5 billion.", "$5 billion", None),
    ("Unemployment fell from 10% to 5% last year.", "10%", None),
    ("China's share of global output is about 85%.", "about 85%", None),
    ("Forecasts were revised 5% last week.", "5%", None),  # a change with no direction
])
def test_direction_of_a_change(run_nlp, text, quantity, direction):
    q = next(q for q in quantities(run_nlp, text) if q.text == quantity)
    assert q.direction == direction
