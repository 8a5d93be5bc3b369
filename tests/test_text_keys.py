from __future__ import annotations

import pytest

from db.text_keys import fold, fold_digits


@pytest.mark.parametrize(
    "variant",
    ["さくら", "サクラ", "ｻｸﾗ", " さ く ら ", "サ　クラ"],
)
def test_kana_and_width_variants_fold_together(variant: str) -> None:
    assert fold(variant) == "さくら"


def test_latin_width_and_case() -> None:
    assert fold("Ｓａｋｕｒａ") == fold("sakura") == fold("SAKURA")


def test_voiced_half_width_kana_compose() -> None:
    # ｶﾞ is two half-width characters; NFKC makes it one ガ, then が.
    assert fold("ﾔﾏｶﾞﾐ") == "やまがみ"


def test_kanji_is_kept_and_different_names_stay_different() -> None:
    assert fold("山田　花子") == "山田花子"
    assert fold("さくら") != fold("さくらこ")
    assert fold(None) == "" and fold("") == ""


def test_phone_digits() -> None:
    assert fold_digits("090-1234-5678") == fold_digits("０９０ １２３４ ５６７８") == "09012345678"
    assert fold_digits("(090)1234-5678") == "09012345678"
    assert fold_digits(None) == ""
