"""Params of function-style tools: units and currencies said in words, values placed by the words
beside them and by the tool's help, lists, and pairs that go by their order."""

from __future__ import annotations

from pathlib import Path

from kiwi_term.library.items import Input, Item, ItemType, Source
from predictors.router.choices import said_choices, stated_choices
from predictors.router.params import call_params, spans

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
