import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from portal.members.validators import (
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


nir_bodies = st.builds(
    lambda sex, year, month, dept, commune, order: (
        f"{sex}{year:02d}{month:02d}{dept}{commune:03d}{order:03d}"
    ),
    st.sampled_from("12"),
    st.integers(0, 99),
    st.integers(1, 12),
    st.sampled_from(["34", "75", "2A", "2B", "13", "99"]),
    st.integers(1, 999),
    st.integers(1, 999),
)


@given(nir_bodies, st.sampled_from(["", " ", "."]))
def test_a_valid_nir_in_text_is_found_and_refused(body, sep):
    key = nir_key(body)
    grouped = sep.join(
        [body[0], body[1:3], body[3:5], body[5:7], body[7:10], body[10:13], f"{key:02d}"]
    )
    text = f"Patiente suivie, NIR {grouped}, à voir demain."
    assert find_nir(text)
    with pytest.raises(ValidationError) as exc:
        validate_no_nir(text)
    assert "sécurité sociale" in str(exc.value)


@given(nir_bodies, st.integers(1, 96))
def test_a_nir_with_a_wrong_key_is_not_flagged(body, shift):
    wrong = (nir_key(body) + shift) % 97 or 97
    if wrong == nir_key(body):
        return
    assert find_nir(f"{body}{wrong:02d}") is None


@pytest.mark.parametrize(
    "text",
    [
        "Appelez le 06 12 34 56 78",
        "RPPS 10101010101",
        "INR cible entre 2 et 3",
        "Code postal 34800",
    ],
)
def test_ordinary_numbers_are_not_taken_for_a_nir(text):
    validate_no_nir(text)
