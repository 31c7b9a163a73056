import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from portal.members.validators import (
    _is_drug_code,
    find_nir,
    luhn_check_digit,
    luhn_is_valid,
    nir_key,
    validate_adeli,
    validate_no_nir,
    validate_rpps,
)

digits = st.text(alphabet="0123456789", min_size=10, max_size=10)


@given(digits)
def test_rpps_with_its_luhn_key_is_accepted(body):
    validate_rpps(body + luhn_check_digit(body))


@given(digits, st.integers(min_value=1, max_value=9))
def test_rpps_with_a_wrong_key_is_refused(body, shift):
    key = luhn_check_digit(body)
    wrong = str((int(key) + shift) % 10)
    with pytest.raises(ValidationError) as exc:
        validate_rpps(body + wrong)
    assert exc.value.code == "rpps_key"


@given(digits, st.integers(min_value=0, max_value=10), st.integers(min_value=1, max_value=9))
def test_luhn_detects_any_single_digit_error(body, position, shift):
    number = body + luhn_check_digit(body)
    altered = number[:position] + str((int(number[position]) + shift) % 10) + number[position + 1 :]
    assert not luhn_is_valid(altered)


@given(st.text(alphabet="0123456789", min_size=0, max_size=20).filter(lambda s: len(s) != 11))
def test_rpps_of_wrong_length_is_refused(value):
    with pytest.raises(ValidationError):
        validate_rpps(value)


def test_rpps_separators_are_tolerated():
    body = "1000123456"
    number = body + luhn_check_digit(body)
    validate_rpps(f"{number[:3]} {number[3:7]} {number[7:]}")


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_any_nine_digits_is_a_well_formed_adeli(value):
    validate_adeli(value)


@pytest.mark.parametrize("value", ["12345678", "1234567890", "12345678A", ""])
def test_malformed_adeli_is_refused(value):
    with pytest.raises(ValidationError):
        validate_adeli(value)


# --- NIR-shaped numbers: refused whatever their key ------------------------------------------

SEPARATORS = ["", " ", ".", "-", " - ", "\u00a0"]


def _dept_and_commune(draw):
    kind = draw(st.sampled_from(["metropole", "corse", "outre-mer"]))
    if kind == "corse":
        return draw(st.sampled_from(["2A", "2B", "2a"])), f"{draw(st.integers(1, 999)):03d}", (2, 3)
    if kind == "outre-mer":
        dept = draw(st.sampled_from(["971", "972", "973", "974", "976", "987", "988"]))
        return dept, f"{draw(st.integers(1, 99)):02d}", (3, 2)
    return f"{draw(st.integers(1, 99)):02d}", f"{draw(st.integers(1, 999)):03d}", (2, 3)


@st.composite
def nir_shaped(draw):
    """A NIR as a person would type it: any key (right, wrong or none), any usual separator."""
    sex = draw(st.sampled_from("123478"))
    year = f"{draw(st.integers(0, 99)):02d}"
    month = f"{draw(st.one_of(st.integers(1, 12), st.integers(20, 42), st.integers(50, 99))):02d}"
    dept, commune, _sizes = _dept_and_commune(draw)
    order = f"{draw(st.integers(1, 999)):03d}"
    groups = [sex, year, month, dept, commune, order]
    # The one deliberate exception: a CIP13 drug code (3400/3401 + valid EAN check digit).
    assume(not _is_drug_code("".join(groups)))
    key = draw(st.one_of(st.none(), st.integers(0, 99)))
    if key is not None:
        groups.append(f"{key:02d}")
    sep = draw(st.sampled_from(SEPARATORS))
    number = sep.join(groups)
    before = draw(st.sampled_from(["", "NIR ", "Patiente ", "n° ", "(", "sécu : "]))
    after = draw(st.sampled_from(["", ".", ", merci", ") à voir", " 06 12 34 56 78"]))
    return f"{before}{number}{after}"


@given(nir_shaped())
def test_anything_shaped_like_a_nir_is_refused(text):
    assert find_nir(text), text
    with pytest.raises(ValidationError) as exc:
        validate_no_nir(text)
    assert exc.value.code == "nir"
    assert "sécurité sociale" in str(exc.value.messages[0])


def test_the_issue_s_number_with_a_wrong_key_is_refused():
    body = "1850578006084"
    assert nir_key(body) != 36  # the key typed in the issue is wrong
    with pytest.raises(ValidationError):
        validate_no_nir("Relais urgent pour 1 85 05 78 006 084 36, insuline matin et soir")


@pytest.mark.parametrize(
    "number",
    [
        "2 85 05 2A 004 084 12",  # Corsica
        "1 69 12 2B 033 120",  # Corsica, no key
        "2 90 01 971 23 456 78",  # Guadeloupe
        "1 75 03 988 12 321",  # New Caledonia, no key
        "1 85 31 99 350 123 45",  # born abroad, special month
        "7 85 05 78 006 084",  # temporary number
        "185057800608436",
        "1850578006084",
        "1.85.05.78.006.084.36",
        "1-85-05-78-006-084-36",
        "185 05 78 006 084 36",
        "1 850578006084 36",
    ],
)
def test_usual_shapes_are_refused(number):
    with pytest.raises(ValidationError):
        validate_no_nir(f"Voir {number} demain")


@st.composite
def look_alikes(draw):
    """Numbers that are clearly something else: RPPS, SIRET, phones, dates, IBAN, drug codes."""
    kind = draw(st.sampled_from(["rpps", "siret", "phone", "phones", "date", "iban", "cip"]))
    digits = st.text(alphabet="0123456789", min_size=1, max_size=1)
    if kind == "rpps":
        body = "1" + "".join(draw(digits) for _ in range(9))
        return f"RPPS {body}{luhn_check_digit(body)}"
    if kind == "siret":
        value = "".join(draw(digits) for _ in range(14))
        grouped = draw(st.booleans())
        return f"SIRET {value[:3]} {value[3:6]} {value[6:9]} {value[9:]}" if grouped else value
    if kind in ("phone", "phones"):

        def phone():
            number = "0" + str(draw(st.integers(1, 9))) + "".join(draw(digits) for _ in range(8))
            style = draw(st.sampled_from(["pairs", "compact", "dots", "intl"]))
            pairs = [number[i : i + 2] for i in range(0, 10, 2)]
            if style == "pairs":
                return " ".join(pairs)
            if style == "dots":
                return ".".join(pairs)
            if style == "intl":
                return "+33 " + number[1] + " " + " ".join(pairs[1:])
            return number

        return phone() if kind == "phone" else f"{phone()} ou {phone()} {phone()}"
    if kind == "date":
        day, month, year = (
            draw(st.integers(1, 28)),
            draw(st.integers(1, 12)),
            draw(st.integers(1990, 2030)),
        )
        return f"du {day:02d}/{month:02d}/{year} au {day:02d}.{month:02d}.{year} à 14 h 30"
    if kind == "iban":
        return (
            "FR76 " + " ".join("".join(draw(digits) for _ in range(4)) for _ in range(5)) + " 189"
        )
    body = "3400" + "".join(draw(digits) for _ in range(8))
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return f"CIP {body}{(10 - total % 10) % 10}"


@given(look_alikes())
def test_numbers_that_are_clearly_something_else_are_accepted(text):
    assert find_nir(text) is None, text
    validate_no_nir(text)


@pytest.mark.parametrize(
    "text",
    [
        "Appelez le 06 12 34 56 78",
        "RPPS 10101010101",
        "INR cible entre 2 et 3",
        "Code postal 34800",
        "Jours 2 3 4 5 6 7 8 9 10 11 12 13",
        "SIRET 73282932000074",
        "FINESS 340780477",
    ],
)
def test_ordinary_numbers_are_not_taken_for_a_nir(text):
    validate_no_nir(text)
