"""Params of function-style tools: what a unit measures, sizes, codes, emails and addresses as
values of their own, dates and times in the format an input asks for, and the words that tell
two inputs apart."""

from __future__ import annotations

import datetime

from kiwi_term.library.items import Input
from predictors.router.params import call_params, spans
from tests.unit.test_param_units import tool


def test_a_number_said_in_a_unit_goes_only_to_an_input_of_what_that_unit_measures() -> None:
    permit = tool("backcountry_permit", Input("area", required=True),
                  Input("group_size", "int", True, description="Number of people in the group"),
                  Input("nights", "int", description="Nights spent in the backcountry"))
    # "18 mile" is a distance and "45 minute" a time: neither counts people.
    assert call_params(permit, "the 18 mile loop, there are 4 of us in total")[
        "group_size"] == 4
    assert call_params(permit, "a 45 minute drive, we are 3 in the group")["group_size"] == 3
    mortgage = tool("mortgage", Input("price", "number", True, description="Purchase price"),
                    Input("rate", "number", True, description="Interest rate, in percent"))
    # A percentage is no price, so the price comes from what was said before.
    assert call_params(mortgage, "at 6.1% over 30 years",
                       ["a condo listed at $485,000"]) == {"rate": 6.1, "price": 485000}
    # `min_amount` is a minimum, not a number of minutes.
    spending = tool("list_spending", Input("min_amount", "number",
                                           description="Smallest amount to include"))
    assert call_params(spending, "everything over 50 dollars") == {"min_amount": 50}


def test_a_unit_after_a_number_is_that_numbers_and_names_no_other() -> None:
    dilution = tool("dilution", Input("stock_molarity", "number", True),
                    Input("final_volume_ml", "number", True,
                          description="Total volume to prepare, in mL"))
    assert call_params(dilution, "make 250 mL of 0.5 M solution")["final_volume_ml"] == 250


def test_a_size_gives_its_numbers_in_the_order_people_say_them() -> None:
    size = tool("print_size", Input("width_px", "int", True), Input("height_px", "int", True),
                Input("dpi", "int"))
    assert call_params(size, "a 6000 by 4000 pixel photo at 240 dpi") == {
        "width_px": 6000, "height_px": 4000, "dpi": 240}
    assert call_params(size, "a 1920x1080 screenshot") == {"width_px": 1920, "height_px": 1080}
    prints = tool("order_prints", Input("size", required=True, choices=("5x7", "8x10")),
                  Input("copies", "int"))
    assert call_params(prints, "5 matte 8x10 prints")["size"] == "8x10"


def test_codes_f_numbers_and_hyphenated_choices_are_read_whole() -> None:
    assert [(s.text, s.kind) for s in spans("35 gallons of 100LL, 800px wide")] == [
        ("35", "number"), ("gallons", "word"), ("of", "word"), ("100LL", "id"),
        ("800", "number"), ("px", "word"), ("wide", "word")]
    lens = tool("depth_of_field", Input("aperture", "number", True,
                                        description="Aperture as an f-number"),
                Input("sensor", choices=("full_frame", "apsc")))
    assert call_params(lens, "at f/1.8 on an APS-C camera") == {"sensor": "apsc",
                                                                 "aperture": 1.8}
    assert call_params(lens, "f/2.8 on my full-frame body")["sensor"] == "full_frame"


def test_a_code_of_digits_and_one_letter_is_one_value_and_a_names_possessive_its_name(
) -> None:
    assert [(s.text, s.kind) for s in spans("the key for unit 2290-B, a 3-day job")] == [
        ("the", "word"), ("key", "word"), ("for", "word"), ("unit", "word"), ("2290-B", "id"),
        ("a", "word"), ("3", "number"), ("day", "word"), ("job", "word")]
    assert [(s.text, s.kind) for s in spans("fix Ana Ruiz's boiler")][1] == ("Ana Ruiz", "name")


def test_a_number_said_in_several_words_is_one_number() -> None:
    said = [(s.text, s.value) for s in spans(
        "a two thousand watt heater for one hundred and twenty guests, twenty-five rooms and "
        "thirteen halls, one way or three four") if s.kind == "number"]
    assert said == [("two thousand", "2000"), ("one hundred and twenty", "120"),
                    ("twenty-five", "25"), ("thirteen", "13")]
    heater = tool("appliance_energy_cost", Input("watts", "number", True,
                                                  description="Power draw in watts"),
                  Input("hours_per_day", "number", True, description="Hours used per day"))
    assert call_params(heater, "a two thousand watt heater for six hours a day") == {
        "watts": 2000, "hours_per_day": 6}


def test_dates_and_times_are_given_in_the_format_the_inputs_help_asks_for() -> None:
    booking = tool("book_court", Input("date", required=True, description="Day, YYYY-MM-DD"),
                   Input("start_time", description="Start time, HH:MM"),
                   Input("note", description="Anything else"))
    assert call_params(booking, "book it for August 9, 2027 at 2:30 pm") == {
        "date": "2027-08-09", "start_time": "14:30"}
    assert call_params(booking, "on the 9th August 2027")["date"] == "2027-08-09"
    # A day without its year is the next one to come; "tomorrow" counts from today.
    today = datetime.date.today()
    coming = datetime.date(today.year, 8, 9)
    if coming < today:
        coming = coming.replace(year=today.year + 1)
    assert call_params(booking, "on August 9 at 2:30 pm")["date"] == coming.isoformat()
    assert call_params(booking, "tomorrow at 9am")["date"] == (
        today + datetime.timedelta(days=1)).isoformat()
    # "the 1st" cannot be put as YYYY-MM-DD, so it is not proposed.
    assert "date" not in call_params(booking, "before the rent goes out on the 1st")
    loose = tool("remind", Input("when", required=True, description="When to remind"))
    assert call_params(loose, "remind me on August 9, 2027") == {"when": "August 9, 2027"}


def test_a_place_and_its_states_code_are_one_value() -> None:
    weather = tool("current_weather", Input("location", required=True,
                                            description="City and state, e.g. Austin, TX"))
    assert call_params(weather, "how warm is it in San Francisco, CA right now") == {
        "location": "San Francisco, CA"}


def test_an_ordinal_is_a_place_in_an_order_not_how_many() -> None:
    recall = tool("send_recalls", Input("months_since_visit", "int", True),
                  Input("clinic", description="Clinic location"))
    assert call_params(recall, "only 3 filled since the 1st, remind everyone who has not "
                               "been in for 9 months")["months_since_visit"] == 9


def test_a_sum_of_money_is_no_percentage() -> None:
    estimate = tool("treatment_estimate", Input("procedure", required=True,
                                                choices=("crown", "root_canal")),
                    Input("coverage_pct", "number", True, description="Share the plan pays"))
    assert call_params(estimate, "a root canal, about $1,400 before my plan covers 80%") == {
        "procedure": "root_canal", "coverage_pct": 80}


def test_emails_codes_acronyms_and_street_addresses_are_values_of_their_own() -> None:
    voucher = tool("gift_voucher", Input("amount", "number", True),
                   Input("recipient_email", description="Where to send it"))
    assert call_params(voucher, "a $75 voucher, email it to sam.lee@example.com") == {
        "amount": 75, "recipient_email": "sam.lee@example.com"}
    hive = tool("log_inspection", Input("hive_id", required=True),
                Input("zone", description="Parking zone"))
    assert call_params(hive, "Hive H3 looked calm today, zone B7 for the car") == {
        "hive_id": "H3", "zone": "B7"}
    batch = tool("log_batch", Input("yeast", required=True, description="Yeast strain"))
    assert call_params(batch, "we pitched London Ale III yesterday") == {
        "yeast": "London Ale III"}
    pickup = tool("bulky_pickup", Input("address", required=True),
                  Input("items", required=True, description="Comma-separated list of items"))
    # "3 items" is how many, not which.
    assert call_params(pickup, "it is all by the curb at 58 Willow Lane, they take 3 items") == {
        "address": "58 Willow Lane"}


def test_a_day_named_before_its_date_is_the_date_and_to_leads_to_the_new_one() -> None:
    move = tool("reschedule", Input("booking_id", required=True,
                                    description="Booking reference, e.g. DA-10293"),
                Input("new_date", required=True, description="New appointment date"))
    assert call_params(move, "he can't make his 3:15 appointment today, reference DA-48213. "
                             "Move it to next Tuesday, 2027-01-19") == {
        "booking_id": "DA-48213", "new_date": "2027-01-19"}


def test_more_words_of_an_inputs_name_beside_a_value_say_more() -> None:
    abv = tool("brew_abv", Input("original_gravity", "number", True),
               Input("final_gravity", "number", True))
    assert call_params(abv, "an original gravity of 1.062 and a final gravity of 1.012") == {
        "original_gravity": 1.062, "final_gravity": 1.012}
    priming = tool("priming_sugar", Input("beer_volume_l", "number", True),
                   Input("co2_volumes", "number", True))
    assert call_params(priming, "prime 19 liters of beer to 2.6 volumes of CO2") == {
        "beer_volume_l": 19, "co2_volumes": 2.6}


def test_a_choice_named_outright_is_not_read_again_in_another_words_form() -> None:
    shows = tool("search_shows", Input("genre", choices=("play", "musical", "opera")))
    assert call_params(shows, "find musicals playing at the Lyric") == {"genre": "musical"}


def test_values_the_words_leave_tied_are_reported_for_the_model_to_pick_from() -> None:
    order = tool("order_supplies", Input("item", required=True),
                 Input("quantity", "int", True, description="Number of units or boxes to order"),
                 Input("supplier", description="Supplier to order from"))
    ties: dict[str, frozenset[str]] = {}
    params = call_params(order, "Dr. Lin saw 42 patients last week. Order 30 boxes of gloves "
                                "from Patterson Dental, we are down to 2 boxes", ties=ties)
    assert "quantity" not in params and ties["quantity"] == {"30", "2"}
    assert params["supplier"] == "Patterson Dental"  # "from" leads to a supplier


def test_how_often_said_in_a_word_a_code_for_a_number_and_a_change_from_one_to_another() -> None:
    refill = tool("refill_due", Input("quantity", "int", True),
                  Input("doses_per_day", "int", True))
    assert call_params(refill, "60 tablets taken twice a day") == {
        "quantity": 60, "doses_per_day": 2}
    pharmacy = tool("request_refill", Input("rx_number", required=True,
                                            description="Prescription number on the label"))
    assert call_params(pharmacy, "maybe 4 pills left, the bottle says RX-4471902") == {
        "rx_number": "RX-4471902"}
    water = tool("water_change", Input("current_ppm", "number", True),
                 Input("target_ppm", "number", True))
    assert call_params(water, "bring nitrate down from 60 ppm to 20 ppm") == {
        "current_ppm": 60, "target_ppm": 20}


def test_a_choice_of_several_words_said_in_other_forms_of_them() -> None:
    status = Input("filing_status", required=True,
                   choices=("single", "married_joint", "married_separate", "head_of_household"))
    tax = tool("estimate_tax", status, Input("income", "number", True))
    # The choice said now beats the one said in an earlier turn.
    assert call_params(tax, "what if I filed as married filing separately instead?",
                       ["estimate it for single, 64000"])["filing_status"] == "married_separate"
    level = Input("service_level", required=True,
                  choices=("basic_tune", "full_tune", "overhaul"))
    assert call_params(tool("service_quote", level),
                       "a quote for a full tune-up on my bike") == {"service_level": "full_tune"}
    # Its words far apart, or out of order, name no choice.
    assert "filing_status" not in call_params(
        tax, "we married in June and I filed my return separately")
    assert "service_level" not in call_params(tool("service_quote", level),
                                              "tune the bike fully")


def test_words_after_another_clause_do_not_name_the_number_before_them() -> None:
    plan = tool("water_change", Input("current_ppm", "number", True),
                Input("target_ppm", "number", True), Input("tap_ppm", "number", True))
    assert call_params(plan, "bring it down from 60 ppm to 20 ppm when the tap water has 5 ppm"
                       ) == {"current_ppm": 60, "target_ppm": 20, "tap_ppm": 5}
    # Within one clause the words after the unit still name it.
    assert call_params(plan, "5 ppm tap water, from 60 ppm to 20 ppm")["tap_ppm"] == 5


def test_a_year_is_no_sum_of_money_where_sums_carry_their_currency_sign() -> None:
    tax = tool("estimate_tax", Input("income", "number", True,
                                     description="Total gross income in dollars"),
               Input("tax_year", "int"))
    assert call_params(tax, "the 2024 income tax for a household earning $72,500") == {
        "income": 72500, "tax_year": 2024}
    # Without a sign anywhere, a number of four digits may be the sum.
    assert call_params(tax, "income tax on 2024 dollars of income")["income"] == 2024


def test_a_file_named_for_an_input_is_its_value_and_a_path_input_takes_no_bare_number() -> None:
    count = tool("stock_count", Input("counts", required=True))
    assert call_params(count, "compare counts/aisle_b_2026-03.csv with system stock") == {
        "counts": "counts/aisle_b_2026-03.csv"}
    # From an earlier turn too, before a word the input's name stands beside.
    orders = tool("shipping_cost", Input("orders", required=True))
    assert call_params(orders, "estimate shipping for those", [
        "the march orders are in orders/march.csv"]) == {"orders": "orders/march.csv"}
    prices = tool("price_update", Input("price_list", "path", True))
    assert call_params(prices, "apply pricing/may.xlsx, about 400 lines changed") == {
        "price_list": "pricing/may.xlsx"}


def test_the_words_after_the_last_preposition_of_a_one_clause_request_are_the_value_left() -> None:
    post = tool("write_job_post", Input("role", required=True))
    assert call_params(post, "write the job ad for a qa engineer") == {"role": "qa engineer"}
    assert call_params(post, "write the job ad for a qa engineer please") == {
        "role": "qa engineer"}
    # Not across a full stop: the last sentence may speak of something else.
    assert call_params(post, "write the job ad. they went to the wrong floor") == {}


def test_a_unit_in_an_inputs_name_says_what_it_measures_whatever_its_help_speaks_of() -> None:
    estimate = tool("dental_estimate", Input(
        "coverage_pct", "number",
        description="Share of the cost covered by the patient's plan, in percent"))
    # "$1,400" is a cost, no percentage, though the help speaks of the cost.
    assert call_params(estimate, "the plan pays 80%. they mentioned $1,400 of coverage") == {
        "coverage_pct": 80}
    # A rate is another matter: a price per board foot is money.
    lumber = tool("board_feet", Input("price_per_board_foot", "number"))
    assert call_params(lumber, "at $9.50 per board foot") == {"price_per_board_foot": 9.5}


def test_a_number_counted_in_another_thing_than_the_unit_a_name_asks_for() -> None:
    priming = tool("priming_sugar", Input("beer_volume_l", "number", True),
                   Input("co2_volumes", "number", True))
    assert call_params(priming, "about 21 liters into bottles, around 2.0 volumes") == {
        "beer_volume_l": 21, "co2_volumes": 2.0}


def test_watts_and_kilowatt_hours_measure_power_and_energy() -> None:
    solar = tool("solar_size", Input("annual_kwh", "number", True),
                 Input("panel_watts", "number", True), Input("sun_hours", "number", True))
    assert call_params(solar, "we use 7,800 kWh a year; how many 400 W panels with 5.2 sun "
                              "hours? the quote was for 22 panels") == {
        "annual_kwh": 7800, "panel_watts": 400, "sun_hours": 5.2}
    assert call_params(solar, "12 panels at 410 watts each")["panel_watts"] == 410


def test_a_rate_is_in_the_unit_before_per_and_a_full_name_opens_an_earlier_turn() -> None:
    dilution = tool("dilution", Input("rate_ml_per_litre", "number", True),
                    Input("tank_litres", "number", True))
    assert call_params(dilution, "a 15-litre sprayer at 2.5 mL per litre") == {
        "rate_ml_per_litre": 2.5, "tank_litres": 15}
    interviews = tool("schedule_interviews", Input("candidate", required=True))
    assert call_params(interviews, "find a slot with the panel", [
        "Ravi Menon smashed the phone screen this morning"]) == {"candidate": "Ravi Menon"}
