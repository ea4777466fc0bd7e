"""Params of function-style tools: units and currencies said in words, values placed by the words
beside them and by the tool's help, lists, and pairs that go by their order."""

from __future__ import annotations

import datetime
from pathlib import Path

from kiwi_term.library.items import Input, Item, ItemType, Source
from predictors.router.params import call_params, spans
from predictors.router.units import said_choices, stated_choices

LENGTHS = ("mm", "cm", "m", "km", "in", "ft", "mi")


def tool(name: str, *inputs: Input, summary: str = "A tool.") -> Item:
    return Item(ItemType.SCRIPT, name, Source.PROJECT, Path(f"{name}.py"), summary,
                inputs=tuple(inputs))


def said(text: str) -> tuple[list[str], frozenset[int]]:
    cut = spans(text)
    return [s.text for s in cut], frozenset(s.start for s in cut if s.kind == "number")


def test_a_unit_or_currency_said_in_words_is_its_code() -> None:
    words, numbers = said("convert 26.2 miles into kilometres")
    assert said_choices(LENGTHS, words, numbers) == [(2, "mi"), (4, "km")]
    words, numbers = said("5,000 US dollars in euros")
    assert said_choices(("USD", "EUR"), words, numbers) == [(1, "USD"), (4, "EUR")]
    # A code of one or two letters is a unit only after a number: "in" is a word too.
    words, numbers = said("what is that in feet, the wall is 4 m")
    assert said_choices(LENGTHS, words, numbers) == [(4, "ft"), (9, "m")]


def test_from_and_to_take_their_choices_by_the_words_before_them_and_their_order() -> None:
    units = [Input("from_unit", choices=LENGTHS), Input("to_unit", choices=LENGTHS)]
    words, numbers = said("convert 26.2 miles into kilometres")
    assert stated_choices(units, words, numbers) == {"from_unit": "mi", "to_unit": "km"}
    words, numbers = said("how many feet are 3 m")
    assert stated_choices(units, words, numbers) == {"from_unit": "ft", "to_unit": "m"}
    words, numbers = said("what is 3 m in feet")
    assert stated_choices(units, words, numbers) == {"from_unit": "m", "to_unit": "ft"}
    words, numbers = said("and in feet?")
    assert stated_choices(units, words, numbers) == {"to_unit": "ft"}


def test_numbers_go_to_the_input_the_words_beside_them_name_or_its_help_describes() -> None:
    area = tool("rectangle_area", Input("length", "number", True),
                Input("width", "number", True), Input("unit", choices=LENGTHS, default="m"))
    assert call_params(area, "a bedroom that's 4.5 m long and 3.2 m wide, paint costs 18 "
                             "dollars a litre") == {"unit": "m", "length": 4.5, "width": 3.2}
    energy = tool("kinetic_energy",
                  Input("mass", "number", True, description="Mass of the object in kilograms"),
                  Input("velocity", "number", True,
                        description="Speed of the object in metres per second"))
    assert call_params(energy, "a 1,450 kg car doing 27 metres per second") == {
        "mass": 1450, "velocity": 27}
    # An optional number with nothing tying a value to it keeps its default.
    sphere = tool("sphere_volume", Input("diameter", "number", True), Input("count", "int"))
    assert call_params(sphere, "a 22 cm diameter ball, the 2 of them") == {"diameter": 22}


def test_a_list_of_numbers_is_one_value_and_decimals_are_numbers() -> None:
    assert [(s.text, s.kind) for s in spans("scores 72, 85, 91 and 4.5 m")] == [
        ("scores", "word"), ("72, 85, 91", "list"), ("and", "word"), ("4.5", "number"),
        ("m", "word")]
    stats = tool("describe", Input("numbers", required=True,
                                   description="The numbers, separated by commas"))
    assert call_params(stats, "mean of the scores from period 2: 72, 85, 91, 64") == {
        "numbers": "72, 85, 91, 64"}


def test_two_dates_go_by_their_order_and_a_date_input_takes_only_a_date() -> None:
    span = tool("days_between", Input("start_date", required=True),
                Input("end_date", required=True))
    assert call_params(span, "how many days between 2026-03-14 and 2026-11-02") == {
        "start_date": "2026-03-14", "end_date": "2026-11-02"}
    due = tool("add_days", Input("start_date", required=True), Input("days", "int", True))
    assert call_params(due, "an invoice due in 45 days, what date is the payment deadline") == {
        "days": 45}


def test_a_required_choice_left_open_may_have_been_said_before() -> None:
    convert = tool("convert_length", Input("value", "number", True),
                   Input("from_unit", required=True, choices=LENGTHS),
                   Input("to_unit", required=True, choices=LENGTHS),
                   Input("style", choices=("short", "long")))
    history = ["convert 30 km to miles, the long way"]
    assert call_params(convert, "and now for the full 42.195 km", history) == {
        "from_unit": "km", "to_unit": "mi", "value": 42.195}


def test_a_time_of_day_is_a_time_input_s_value() -> None:
    assert [(s.text, s.kind) for s in spans("at 15:30 or 9am on localhost:8080") if
            s.kind != "word"] == [("15:30", "time"), ("9am", "time"), ("localhost:8080", "url")]
    call = tool("convert_timezone", Input("time", required=True), Input("from_zone"))
    assert call_params(call, "if the call is at 15:30 London time") == {"time": "15:30"}


def test_proper_names_ids_and_numbers_in_words_are_values() -> None:
    assert [(s.text, s.kind) for s in spans(
        "Find flights from Port Ellery to Airport Terminal 2 for three, booking HX-44871")
        if s.kind != "word"] == [("Port Ellery", "name"), ("Airport Terminal 2", "name"),
                                 ("three", "number"), ("HX-44871", "id")]
    # A sentence's first word and "I'd" are no names, and an acronym is a code.
    assert [s.kind for s in spans("Book it. I'd like SUV")] == ["word"] * 4 + ["id"]
    assert [s.value for s in spans("for three guests")] == ["for", "3", "guests"]


def test_from_and_to_say_which_place_is_which() -> None:
    route = tool("plan_route", Input("from_place", required=True),
                 Input("to_place", required=True), Input("mode", choices=("bus", "tram")))
    text = "how do I get from Central Station to Harbourfront Park by tram"
    assert call_params(route, text) == {
        "mode": "tram", "from_place": "Central Station", "to_place": "Harbourfront Park"}
    hotel = tool("book_hotel", Input("city", required=True),
                 Input("check_in", required=True, description="Check-in date, YYYY-MM-DD"),
                 Input("check_out", required=True, description="Check-out date"),
                 Input("guests", "int"))
    text = "a hotel in Kyoto from 2026-10-03 to 2026-10-07 for three guests"
    assert call_params(hotel, text) == {
        "city": "Kyoto", "check_in": "2026-10-03", "check_out": "2026-10-07", "guests": 3}
    track = tool("track_order", Input("order_id", required=True))
    assert call_params(track, "where is order 88-20417-B, shipped last week") == {
        "order_id": "88-20417-B"}


def test_a_choice_said_in_the_plural_or_a_short_one_is_stated() -> None:
    homes = tool("search_homes", Input("property_type", choices=("house", "townhouse", "flat")),
                 Input("state", choices=("on", "off")))
    assert call_params(homes, "townhouses for sale, and turn the alerts on") == {
        "property_type": "townhouse", "state": "on"}


def test_a_number_said_as_a_bound_goes_to_the_input_of_that_bound() -> None:
    films = tool("recommend_films", Input("genre", required=True),
                 Input("min_rating", "number", description="Lowest rating to show"),
                 Input("released_after", "int", description="Only films from after this year"),
                 Input("max_runtime", "int", description="Longest running time in minutes"))
    assert call_params(films, "horror films rated at least 7.5 that came out after 2015 and run "
                              "under 100 minutes") == {
        "min_rating": 7.5, "released_after": 2015, "max_runtime": 100}
    homes = tool("search_homes", Input("city", required=True), Input("min_price", "number"),
                 Input("max_price", "number"), Input("bedrooms", "int"))
    assert call_params(homes, "homes in Austin between 350k and 500k with at least 3 "
                              "bedrooms") == {
        "city": "Austin", "min_price": 350000, "max_price": 500000, "bedrooms": 3}
    # A bound the other way round is never taken: `min_price` does not take "under 500".
    assert call_params(homes, "homes in Austin under 500k") == {
        "city": "Austin", "max_price": 500000}
    hotel = tool("book_hotel", Input("check_out", required=True,
                                     description="Check-out date, YYYY-MM-DD"),
                 Input("max_price", "number"))
    assert call_params(hotel, "leaving 2026-10-07, nothing over 25000 yen a night") == {
        "check_out": "2026-10-07", "max_price": 25000}


def test_a_unit_of_an_inputs_name_is_weaker_than_a_word_of_it() -> None:
    dough = tool("bread_dough", Input("flour_grams", "number", True),
                 Input("hydration", "number", default="70"),
                 Input("salt_percent", "number", default="2"))
    assert call_params(dough, "a dough with 1000 grams of flour at 75 percent hydration") == {
        "flour_grams": 1000, "hydration": 75}


def test_a_choice_said_in_another_form_of_its_word() -> None:
    log = tool("log_workout", Input("activity", required=True,
                                    choices=("running", "cycling", "swimming")),
               Input("distance_km", "number"))
    assert call_params(log, "log the run i just finished: 8.5 km")["activity"] == "running"
    assert call_params(log, "add a swim, 1.6 km")["activity"] == "swimming"
    assert call_params(log, "how far have i cycled this month")["activity"] == "cycling"
    # "run" asking for a run is no activity.
    assert "activity" not in call_params(log, "run log_workout for 5 km")


def test_names_titles_addresses_and_weekdays_are_cut_as_people_write_them() -> None:
    cut = [(s.text, s.kind) for s in spans(
        "Send Priya Raman 45 pounds, then book Dr. Amara Osei, viewing 27 Marlowe Road on "
        "Saturday 2026-05-16 for a 2-bedroom flat")
        if s.kind != "word"]
    assert cut == [("Priya Raman", "name"), ("45", "number"), ("Dr Amara Osei", "name"),
                   ("27 Marlowe Road", "name"), ("2026-05-16", "date"), ("2", "number")]


def test_a_yes_or_no_choice_is_named_by_the_words_of_its_name() -> None:
    bikes = tool("bike_share", Input("station", required=True),
                 Input("electric_only", choices=("yes", "no")))
    assert call_params(bikes, "any electric bikes left at Canal Street?")["electric_only"] == "yes"
    assert "electric_only" not in call_params(bikes, "any bikes left at Canal Street?")
    card = tool("freeze_card", Input("replace", choices=("yes", "no")))
    assert call_params(card, "freeze it and don't replace it") == {"replace": "no"}


def test_a_choice_said_in_the_words_its_help_gives_it() -> None:
    weather = tool("current_weather", Input("city", required=True),
                   Input("units", choices=("metric", "imperial"), default="metric",
                         description="metric for Celsius and km/h, imperial for Fahrenheit and "
                                     "mph"))
    assert call_params(weather, "weather in Oslo, in fahrenheit")["units"] == "imperial"
    assert call_params(weather, "weather in Oslo in celsius")["units"] == "metric"
    assert "units" not in call_params(weather, "weather in Oslo")


def test_a_number_outside_the_range_an_inputs_help_states_is_never_proposed() -> None:
    binomial = tool("binomial_probability", Input("trials", "int", True),
                    Input("probability", "number", True,
                          description="Chance of success on one trial, between 0 and 1"))
    assert call_params(binomial, "10 trials at probability 7") == {"trials": 10}
    assert call_params(binomial, "10 trials at probability 0.3") == {
        "trials": 10, "probability": 0.3}


def test_a_number_in_another_size_of_the_unit_an_inputs_name_says_is_converted() -> None:
    target = tool("calorie_target", Input("height_cm", "number", True),
                  Input("weight_kg", "number", True), Input("walk_minutes", "int"))
    assert call_params(target, "68 kg and 1.65 m tall, I walk 2 hours a day") == {
        "weight_kg": 68, "height_cm": 165, "walk_minutes": 120}
    # Units that measure different things are not converted into each other.
    assert call_params(target, "1.65 m tall and 68000 g")["weight_kg"] == 68


def test_the_verb_that_opens_a_request_says_which_of_two_named_choices() -> None:
    lock = tool("smart_lock", Input("door", required=True),
                Input("action", required=True, choices=("lock", "unlock")))
    assert call_params(lock, "Unlock the back door and have it lock itself again")[
        "action"] == "unlock"


def test_a_name_that_ends_in_an_inputs_name_is_its_value() -> None:
    alerts = tool("service_alerts", Input("line"), Input("city", required=True))
    assert call_params(alerts, "any delays on the Red Line in Boston? meeting at 10") == {
        "line": "Red Line", "city": "Boston"}


def test_the_word_before_a_value_says_how_many_or_by_when() -> None:
    departures = tool("next_departures", Input("stop_name", required=True), Input("count", "int"))
    assert call_params(departures, "the next 4 buses from the Elm Street stop") == {
        "stop_name": "Elm Street", "count": 4}
    # "the last 30 days" is a span of time, not how many.
    assert "count" not in call_params(departures, "buses from Elm Street in the last 30 days")
    route = tool("plan_route", Input("to_place", required=True),
                 Input("depart_at", description="Time to leave, HH:MM"),
                 Input("arrive_by", description="Time to arrive by, HH:MM"))
    assert call_params(route, "to Harbourfront Park, I need to be there by 09:15") == {
        "to_place": "Harbourfront Park", "arrive_by": "09:15"}


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
