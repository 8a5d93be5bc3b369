"""Japanese name parts, addresses and phone numbers for made-up people.

Clients are pseudonymous the way counselors actually record them: a
nickname, an initial (「Ａさん」) or a LINE display name, with a katakana
reading for sorting.  Only a minority give a real name, phone or address, and
those are fake but shaped like the real thing (東京都北区赤羽…, 090-…).
Emails use example.jp, a domain reserved for documentation.
"""

from __future__ import annotations

import random

# (hiragana nickname, reading); the reading of a kana name is itself in katakana.
NICKNAMES: tuple[str, ...] = (
    "さくら", "みさき", "ゆい", "あおい", "はるか", "ななみ", "まい", "りな", "ゆき",
    "かな", "あや", "ちひろ", "えみ", "のぞみ", "ひかり", "めぐみ", "なつき", "あかり",
    "みゆ", "ことね", "ももか", "ゆうな", "さやか", "まゆ", "りこ", "ほのか", "あすか",
    "ちなつ", "みお", "かおり", "ともこ", "ひろみ", "よしこ", "けいこ", "まさみ",
    "じゅんこ", "ゆみ", "なおみ", "くみ", "あけみ", "しおり", "まなみ", "いずみ", "あい",
    "れな", "ひな", "ゆず", "こはる", "すず", "みき",
)  # fmt: skip

# Full-width initials as counselors type them, with how they are read.
INITIALS: tuple[tuple[str, str], ...] = (
    ("Ａ", "エー"), ("Ｂ", "ビー"), ("Ｃ", "シー"), ("Ｄ", "ディー"), ("Ｅ", "イー"),
    ("Ｆ", "エフ"), ("Ｇ", "ジー"), ("Ｈ", "エイチ"), ("Ｉ", "アイ"), ("Ｊ", "ジェー"),
    ("Ｋ", "ケー"), ("Ｍ", "エム"), ("Ｎ", "エヌ"), ("Ｏ", "オー"), ("Ｒ", "アール"),
    ("Ｓ", "エス"), ("Ｔ", "ティー"), ("Ｙ", "ワイ"),
)  # fmt: skip

# LINE display names: romaji, kana, short words; no emoji (they break
# sorting and some printers).
LINE_NAMES: tuple[tuple[str, str], ...] = (
    ("sakura", "サクラ"), ("misaki", "ミサキ"), ("Yui.", "ユイ"), ("momo", "モモ"),
    ("ao", "アオ"), ("mint", "ミント"), ("rin", "リン"), ("nana", "ナナ"), ("haru", "ハル"),
    ("yuzu", "ユズ"), ("mii", "ミー"), ("kana_", "カナ"), ("chii", "チー"), ("Ayaka", "アヤカ"),
    ("coco", "ココ"), ("luna", "ルナ"), ("hina", "ヒナ"), ("mocha", "モカ"), ("sora", "ソラ"),
    ("riko", "リコ"), ("Emi", "エミ"), ("non", "ノン"), ("tsuki", "ツキ"), ("mayu", "マユ"),
    ("ねこ", "ネコ"), ("うさぎ", "ウサギ"), ("つきみ", "ツキミ"), ("はな", "ハナ"),
    ("ゆずこ", "ユズコ"), ("ぽん", "ポン"), ("みかん", "ミカン"), ("くま", "クマ"),
    ("しろ", "シロ"), ("ちゃこ", "チャコ"), ("さき", "サキ"), ("なつ", "ナツ"),
    ("ミカ", "ミカ"), ("ユキ", "ユキ"), ("アン", "アン"), ("リサ", "リサ"), ("マリ", "マリ"),
    ("ちーちゃん", "チーチャン"), ("みーちゃん", "ミーチャン"), ("あーちゃん", "アーチャン"),
)  # fmt: skip

SURNAMES: tuple[tuple[str, str], ...] = (
    ("佐藤", "サトウ"), ("鈴木", "スズキ"), ("高橋", "タカハシ"), ("田中", "タナカ"),
    ("伊藤", "イトウ"), ("渡辺", "ワタナベ"), ("山本", "ヤマモト"), ("中村", "ナカムラ"),
    ("小林", "コバヤシ"), ("加藤", "カトウ"), ("吉田", "ヨシダ"), ("山田", "ヤマダ"),
    ("佐々木", "ササキ"), ("山口", "ヤマグチ"), ("松本", "マツモト"), ("井上", "イノウエ"),
    ("木村", "キムラ"), ("林", "ハヤシ"), ("斎藤", "サイトウ"), ("清水", "シミズ"),
    ("山崎", "ヤマザキ"), ("森", "モリ"), ("池田", "イケダ"), ("橋本", "ハシモト"),
    ("阿部", "アベ"), ("石川", "イシカワ"), ("山下", "ヤマシタ"), ("中島", "ナカジマ"),
    ("石井", "イシイ"), ("小川", "オガワ"), ("前田", "マエダ"), ("岡田", "オカダ"),
    ("長谷川", "ハセガワ"), ("藤田", "フジタ"), ("後藤", "ゴトウ"), ("近藤", "コンドウ"),
)  # fmt: skip

GIVEN_NAMES: tuple[tuple[str, str], ...] = (
    ("美咲", "ミサキ"), ("陽菜", "ヒナ"), ("結衣", "ユイ"), ("葵", "アオイ"),
    ("さくら", "サクラ"), ("優花", "ユウカ"), ("彩", "アヤ"), ("真由美", "マユミ"),
    ("恵子", "ケイコ"), ("智子", "トモコ"), ("裕子", "ユウコ"), ("久美子", "クミコ"),
    ("明美", "アケミ"), ("直美", "ナオミ"), ("由美", "ユミ"), ("麻衣", "マイ"),
    ("愛", "アイ"), ("千尋", "チヒロ"), ("奈々", "ナナ"), ("香織", "カオリ"),
    ("亜希子", "アキコ"), ("真理", "マリ"), ("純子", "ジュンコ"), ("幸子", "サチコ"),
    ("和子", "カズコ"), ("洋子", "ヨウコ"), ("美穂", "ミホ"), ("沙織", "サオリ"),
    ("瞳", "ヒトミ"), ("遥", "ハルカ"), ("楓", "カエデ"), ("凛", "リン"),
    ("芽衣", "メイ"), ("杏", "アン"), ("莉子", "リコ"), ("未来", "ミク"),
)  # fmt: skip

# The program sits in 東京都北区 (seed 000); some clients live next door.
KITA_TOWNS: tuple[str, ...] = (
    "赤羽", "赤羽北", "赤羽西", "赤羽台", "赤羽南", "王子", "王子本町", "十条仲原", "上十条",
    "中十条", "東十条", "滝野川", "田端", "西ケ原", "岸町", "豊島", "堀船", "神谷", "志茂",
    "浮間", "桐ケ丘", "昭和町", "栄町", "上中里", "中里", "岩淵町", "東田端", "西が丘",
)  # fmt: skip
NEIGHBOUR_WARDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("板橋区", ("板橋", "大山町", "仲宿", "高島平", "成増")),
    ("足立区", ("千住", "西新井", "梅島", "竹の塚", "綾瀬")),
    ("荒川区", ("西日暮里", "町屋", "南千住", "東尾久")),
    ("豊島区", ("池袋", "巣鴨", "駒込", "大塚")),
)  # fmt: skip
BUILDINGS: tuple[str, ...] = (
    "コーポ", "ハイツ", "メゾン", "グリーンハイム", "サンライズ", "レジデンス", "荘", "アパート",
)  # fmt: skip

# (surname, reading, login) of the program's staff.
STAFF_NAMES: tuple[tuple[str, str, str], ...] = (
    ("佐藤", "サトウ", "sato"), ("鈴木", "スズキ", "suzuki"), ("高橋", "タカハシ", "takahashi"),
    ("田中", "タナカ", "tanaka"), ("伊藤", "イトウ", "ito"), ("渡辺", "ワタナベ", "watanabe"),
    ("山本", "ヤマモト", "yamamoto"), ("中村", "ナカムラ", "nakamura"),
    ("小林", "コバヤシ", "kobayashi"), ("加藤", "カトウ", "kato"), ("吉田", "ヨシダ", "yoshida"),
    ("山田", "ヤマダ", "yamada"), ("松本", "マツモト", "matsumoto"), ("井上", "イノウエ", "inoue"),
    ("木村", "キムラ", "kimura"),
)  # fmt: skip
STAFF_GIVEN: tuple[tuple[str, str], ...] = (
    ("由紀子", "ユキコ"), ("恵美", "エミ"), ("真理子", "マリコ"), ("陽子", "ヨウコ"),
    ("美香", "ミカ"), ("典子", "ノリコ"), ("智美", "トモミ"), ("理恵", "リエ"),
    ("久美", "クミ"), ("絵里", "エリ"), ("亜紀", "アキ"), ("薫", "カオル"),
    ("千佳", "チカ"), ("尚子", "ナオコ"), ("ひとみ", "ヒトミ"),
)  # fmt: skip

_HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)}


def katakana(text: str) -> str:
    return text.translate(_HIRAGANA_TO_KATAKANA)


def pseudonym(rng: random.Random, uses_line: bool) -> tuple[str, str, str | None]:
    """(display name, its katakana reading, LINE name or None)."""
    line_name: tuple[str, str] | None = rng.choice(LINE_NAMES) if uses_line else None
    roll = rng.random()
    if line_name is not None and roll < 0.45:
        # Counselors often just keep the LINE name.
        text, reading = line_name
        return f"{text}さん", f"{reading}サン", text
    if roll < 0.7:
        nick = rng.choice(NICKNAMES)
        return nick, katakana(nick), line_name[0] if line_name else None
    if roll < 0.9:
        letter, reading = rng.choice(INITIALS)
        return f"{letter}さん", f"{reading}サン", line_name[0] if line_name else None
    nick = katakana(rng.choice(NICKNAMES))
    return nick, nick, line_name[0] if line_name else None


def real_name(rng: random.Random) -> tuple[str, str]:
    surname, surname_kana = rng.choice(SURNAMES)
    given, given_kana = rng.choice(GIVEN_NAMES)
    return f"{surname} {given}", f"{surname_kana} {given_kana}"


def address(rng: random.Random) -> str:
    if rng.random() < 0.8:
        ward, town = "北区", rng.choice(KITA_TOWNS)
    else:
        ward, towns = rng.choice(NEIGHBOUR_WARDS)
        town = rng.choice(towns)
    line = f"東京都{ward}{town}{rng.randint(1, 5)}丁目{rng.randint(1, 30)}番{rng.randint(1, 20)}号"
    if rng.random() < 0.6:
        line += f" {rng.choice(BUILDINGS)}{town}{rng.randint(1, 4)}0{rng.randint(1, 8)}号室"
    return line


def mobile_phone(rng: random.Random) -> str:
    prefix = rng.choice(("090", "080", "070"))
    return f"{prefix}-{rng.randint(1000, 9999)}-{rng.randint(0, 9999):04d}"


_ROMAJI = tuple(
    "".join(ch for ch in text.lower() if ch.isalnum()) for text, _ in LINE_NAMES if text.isascii()
)


def email(rng: random.Random) -> str:
    return f"{rng.choice(_ROMAJI)}{rng.randint(1, 999)}@example.jp"
