"""The partner-agency directory of a program in 東京都北区: the kinds of
agency the seeds list as 連携団体 (福祉事務所, ハローワーク, 警察署, 法律事務所,
配偶者暴力相談支援センター, 児童相談所, schools, NPOs, shelters …).

Names follow the real patterns; NPOs, clinics and law offices are invented.
"""

from __future__ import annotations

from typing import NamedTuple


class AgencySpec(NamedTuple):
    name: str
    kana: str
    kind: str  # agency_kind code
    department: str | None


AGENCIES: tuple[AgencySpec, ...] = (
    # 行政
    AgencySpec(
        "北区子ども家庭支援センター", "キタクコドモカテイシエンセンター", "government", "相談係"
    ),
    AgencySpec(
        "北区男女共同参画センター", "キタクダンジョキョウドウサンカクセンター", "government", None
    ),
    AgencySpec("北区 障害福祉課", "キタク ショウガイフクシカ", "government", "相談支援係"),
    AgencySpec("北区 住宅課", "キタク ジュウタクカ", "government", "区営住宅係"),
    AgencySpec("北区 戸籍住民課", "キタク コセキジュウミンカ", "government", "住民記録係"),
    AgencySpec("北区 国保年金課", "キタク コクホネンキンカ", "government", None),
    AgencySpec(
        "東京都住宅供給公社", "トウキョウトジュウタクキョウキュウコウシャ", "government", None
    ),
    # 福祉
    AgencySpec("北区福祉事務所（王子）", "キタクフクシジムショ オウジ", "welfare", "生活福祉課"),
    AgencySpec("北区福祉事務所（赤羽）", "キタクフクシジムショ アカバネ", "welfare", "生活福祉課"),
    AgencySpec(
        "北区福祉事務所（滝野川）", "キタクフクシジムショ タキノガワ", "welfare", "生活福祉課"
    ),
    AgencySpec("板橋区福祉事務所", "イタバシクフクシジムショ", "welfare", "女性相談"),
    AgencySpec("足立区福祉事務所", "アダチクフクシジムショ", "welfare", "女性相談"),
    AgencySpec("北区社会福祉協議会", "キタクシャカイフクシキョウギカイ", "welfare", "地域福祉課"),
    AgencySpec(
        "北区くらしとしごと相談センター", "キタククラシトシゴトソウダンセンター", "welfare", None
    ),
    AgencySpec(
        "母子生活支援施設 あけぼの寮", "ボシセイカツシエンシセツ アケボノリョウ", "welfare", None
    ),
    AgencySpec("赤羽地域包括支援センター", "アカバネチイキホウカツシエンセンター", "welfare", None),
    AgencySpec("王子地域包括支援センター", "オウジチイキホウカツシエンセンター", "welfare", None),
    # 警察
    AgencySpec("赤羽警察署", "アカバネケイサツショ", "police", "生活安全課"),
    AgencySpec("王子警察署", "オウジケイサツショ", "police", "生活安全課"),
    AgencySpec("滝野川警察署", "タキノガワケイサツショ", "police", "生活安全課"),
    AgencySpec("板橋警察署", "イタバシケイサツショ", "police", "生活安全課"),
    # 医療
    AgencySpec("北区保健所", "キタクホケンジョ", "medical", "保健予防課"),
    AgencySpec("赤羽すこやか病院", "アカバネスコヤカビョウイン", "medical", "医療相談室"),
    AgencySpec("王子レディースクリニック", "オウジレディースクリニック", "medical", None),
    AgencySpec("十条こころのクリニック", "ジュウジョウココロノクリニック", "medical", None),
    AgencySpec("滝野川メンタルクリニック", "タキノガワメンタルクリニック", "medical", None),
    AgencySpec(
        "北区立 健康支援センター", "キタクリツ ケンコウシエンセンター", "medical", "母子保健"
    ),
    # 司法
    AgencySpec("東京家庭裁判所", "トウキョウカテイサイバンショ", "legal", "家事受付"),
    AgencySpec("法テラス東京", "ホウテラストウキョウ", "legal", None),
    AgencySpec("赤羽駅前法律事務所", "アカバネエキマエホウリツジムショ", "legal", None),
    AgencySpec("王子総合法律事務所", "オウジソウゴウホウリツジムショ", "legal", None),
    AgencySpec("みなみ十条法律事務所", "ミナミジュウジョウホウリツジムショ", "legal", None),
    AgencySpec("北区 区民法律相談", "キタク クミンホウリツソウダン", "legal", None),
    # 就労
    AgencySpec("ハローワーク王子", "ハローワークオウジ", "employment", "職業相談部門"),
    AgencySpec("ハローワーク池袋", "ハローワークイケブクロ", "employment", None),
    AgencySpec("マザーズハローワーク東京", "マザーズハローワークトウキョウ", "employment", None),
    AgencySpec("東京しごとセンター", "トウキョウシゴトセンター", "employment", "女性しごと応援"),
    AgencySpec(
        "ひとり親家庭就業・自立支援センター",
        "ヒトリオヤカテイシュウギョウ・ジリツシエンセンター",
        "employment",
        None,
    ),
    # 教育
    AgencySpec(
        "北区教育委員会 教育相談所",
        "キタクキョウイクイインカイ キョウイクソウダンジョ",
        "education",
        None,
    ),
    AgencySpec(
        "北区立 赤羽台中学校",
        "キタクリツ アカバネダイチュウガッコウ",
        "education",
        "スクールカウンセラー",
    ),
    AgencySpec("都立 北桜高等学校", "トリツ ホクオウコウトウガッコウ", "education", "養護教諭"),
    AgencySpec("北都大学 学生相談室", "ホクトダイガク ガクセイソウダンシツ", "education", None),
    AgencySpec(
        "北区スクールソーシャルワーカー", "キタクスクールソーシャルワーカー", "education", None
    ),
    # 配偶者暴力相談支援センター
    AgencySpec(
        "東京都女性相談支援センター",
        "トウキョウトジョセイソウダンシエンセンター",
        "dv_center",
        None,
    ),
    AgencySpec(
        "北区配偶者暴力相談支援センター",
        "キタクハイグウシャボウリョクソウダンシエンセンター",
        "dv_center",
        None,
    ),
    AgencySpec("東京ウィメンズプラザ", "トウキョウウィメンズプラザ", "dv_center", "DV相談"),
    # 児童相談所
    AgencySpec("東京都北児童相談所", "トウキョウトキタジドウソウダンジョ", "child_guidance", None),
    AgencySpec(
        "東京都児童相談センター", "トウキョウトジドウソウダンセンター", "child_guidance", None
    ),
    # NPO
    AgencySpec("NPO法人 ひだまりの会", "エヌピーオーホウジン ヒダマリノカイ", "npo", None),
    AgencySpec(
        "NPO法人 女性ネットさくら", "エヌピーオーホウジン ジョセイネットサクラ", "npo", None
    ),
    AgencySpec("フードパントリー北", "フードパントリーキタ", "npo", None),
    AgencySpec("こども食堂 おひさま", "コドモショクドウ オヒサマ", "npo", None),
    AgencySpec(
        "NPO法人 ひとり親サポートあかばね",
        "エヌピーオーホウジン ヒトリオヤサポートアカバネ",
        "npo",
        None,
    ),
    AgencySpec(
        "NPO法人 ピアサポートネット王子",
        "エヌピーオーホウジン ピアサポートネットオウジ",
        "npo",
        None,
    ),
    AgencySpec(
        "一般社団法人 若草ステップ", "イッパンシャダンホウジン ワカクサステップ", "npo", None
    ),
    # シェルター
    AgencySpec("民間シェルター みずき", "ミンカンシェルター ミズキ", "shelter", None),
    AgencySpec(
        "民間シェルター ステップハウス", "ミンカンシェルター ステップハウス", "shelter", None
    ),
    AgencySpec("自立援助ホーム こもれび", "ジリツエンジョホーム コモレビ", "shelter", None),
    # その他
    AgencySpec(
        "北区民生委員・児童委員協議会",
        "キタクミンセイイイン・ジドウイインキョウギカイ",
        "other",
        None,
    ),
    AgencySpec(
        "東京都北区女性活躍推進協議会",
        "トウキョウトキタクジョセイカツヤクスイシンキョウギカイ",
        "other",
        None,
    ),
)

# Where a shelter is must not be written down anywhere.
SECRET_ADDRESS_KINDS = frozenset({"shelter"})

AGENCY_ADDRESSES: dict[str, str] = {
    "welfare": "東京都北区王子本町1丁目15番22号",
    "government": "東京都北区王子本町1丁目15番22号",
    "police": "東京都北区赤羽南2丁目3番1号",
    "employment": "東京都北区王子6丁目1番17号",
    "legal": "東京都北区赤羽1丁目7番9号",
    "medical": "東京都北区赤羽台4丁目17番56号",
    "education": "東京都北区滝野川2丁目52番10号",
    "dv_center": "（所在地は公表していません）",
    "child_guidance": "東京都北区王子6丁目1番12号",
    "npo": "東京都北区十条仲原1丁目3番6号",
    "other": "東京都北区王子1丁目11番1号",
}  # fmt: skip
