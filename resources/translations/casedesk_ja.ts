<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP" sourcelanguage="en">
<context>
    <name>AccompanimentDialog</name>
    <message>
        <source>Log an accompaniment</source>
        <translation>同行支援の記録</translation>
    </message>
    <message>
        <source>A future date records a planned accompaniment.</source>
        <translation>未来の日付を入力すると、予定の同行支援として記録されます。</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日付</translation>
    </message>
    <message>
        <source>Start time</source>
        <translation>開始時刻</translation>
    </message>
    <message>
        <source>End time</source>
        <translation>終了時刻</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（なし）</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>担当職員</translation>
    </message>
    <message>
        <source>(not in the directory)</source>
        <translation>（名簿にない機関）</translation>
    </message>
    <message>
        <source>Agency</source>
        <translation>関係機関</translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation>（選択してください）</translation>
    </message>
    <message>
        <source>Kind of agency</source>
        <translation>同行先の種別</translation>
    </message>
    <message>
        <source>An agency not in the directory, or the section visited</source>
        <translation>名簿にない機関名、または訪問した窓口・部署</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>同行先</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>目的</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>結果</translation>
    </message>
    <message>
        <source>Follow up on</source>
        <translation>フォローアップ日</translation>
    </message>
    <message>
        <source>or after</source>
        <translation>または</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>メモ</translation>
    </message>
</context>
<context>
    <name>AgencyDialog</name>
    <message>
        <source>New agency</source>
        <translation>関係機関の登録</translation>
    </message>
    <message>
        <source>Edit agency</source>
        <translation>関係機関の編集</translation>
    </message>
    <message>
        <source>Agency name</source>
        <translation>機関名</translation>
    </message>
    <message>
        <source>Name (kana)</source>
        <translation>ふりがな</translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation>（選択してください）</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>種別</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部署</translation>
    </message>
    <message>
        <source>Contact person</source>
        <translation>担当者</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>電話番号</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>メールアドレス</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>住所</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>メモ</translation>
    </message>
</context>
<context>
    <name>AgencyDirectory</name>
    <message>
        <source>Partner agencies</source>
        <translation>関係機関</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>検索(&amp;S)</translation>
    </message>
    <message>
        <source>Name or kana</source>
        <translation>機関名・ふりがなで検索</translation>
    </message>
    <message>
        <source>&amp;Kind</source>
        <translation>種別(&amp;K)</translation>
    </message>
    <message>
        <source>(all kinds)</source>
        <translation>（すべての種別）</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>使用中</translation>
    </message>
    <message>
        <source>Agency name</source>
        <translation>機関名</translation>
    </message>
    <message>
        <source>Kana</source>
        <translation>ふりがな</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>種別</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部署</translation>
    </message>
    <message>
        <source>Contact person</source>
        <translation>担当者</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>電話番号</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>メールアドレス</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>メモ</translation>
    </message>
    <message>
        <source>Not in use</source>
        <translation>使用停止</translation>
    </message>
    <message>
        <source>All</source>
        <translation>すべて</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>新規(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>編集(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Deactivate</source>
        <translation>無効にする(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Reactivate</source>
        <translation>有効に戻す(&amp;R)</translation>
    </message>
    <message>
        <source>Deactivate agency</source>
        <translation>関係機関を無効にする</translation>
    </message>
    <message>
        <source>Stop offering {name} for new records? Records that name it keep it; it can be taken back into use later.</source>
        <translation>{name} を新しい記録で選べないようにしますか？ すでにこの機関を記録したデータはそのまま残ります。あとで有効に戻すこともできます。</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>無効にする</translation>
    </message>
</context>
<context>
    <name>CaseListModel</name>
    <message>
        <source>Date of the latest consultation on the case</source>
        <translation>このケースで最後に相談を受けた日</translation>
    </message>
    <message>
        <source>The earliest open follow-up of the case: a plan action, referral, consultation or accompaniment follow-up, or conference task</source>
        <translation>このケースでいちばん早い未完了の予定（支援計画の対応、つなぎ・相談・同行支援のフォローアップ、ケース会議の役割）</translation>
    </message>
    <message>
        <source>Case No.</source>
        <translation>ケース番号</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>相談者</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>年代</translation>
    </message>
    <message>
        <source>Counselor</source>
        <translation>担当相談員</translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation>最終相談日</translation>
    </message>
    <message>
        <source>Next action</source>
        <translation>次の対応予定</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>DV</source>
        <translation>DV</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>リスク</translation>
    </message>
    <message>
        <source>Restricted</source>
        <translation>閲覧制限</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>あり</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>対応中</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>終結</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
</context>
<context>
    <name>CaseView</name>
    <message>
        <source>High risk</source>
        <translation>リスク高</translation>
    </message>
    <message>
        <source>Restricted</source>
        <translation>閲覧制限</translation>
    </message>
    <message>
        <source>Only the assigned staff and supervisors may see this case.</source>
        <translation>このケースは担当職員とスーパーバイザーのみ閲覧できます。</translation>
    </message>
    <message>
        <source>Log &amp;consultation</source>
        <translation>相談を記録(&amp;C)</translation>
    </message>
    <message>
        <source>Log &amp;accompaniment</source>
        <translation>同行支援を記録(&amp;A)</translation>
    </message>
    <message>
        <source>New &amp;referral</source>
        <translation>つなぎを作成(&amp;R)</translation>
    </message>
    <message>
        <source>Update referral &amp;status</source>
        <translation>つなぎの状況を更新(&amp;S)</translation>
    </message>
    <message>
        <source>Select a referral in the timeline first.</source>
        <translation>先にタイムラインでつなぎを選択してください。</translation>
    </message>
    <message>
        <source>Close case</source>
        <translation>終結</translation>
    </message>
    <message>
        <source>Edit client</source>
        <translation>相談者情報を編集</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>相談者</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>表示名</translation>
    </message>
    <message>
        <source>Kana</source>
        <translation>ふりがな</translation>
    </message>
    <message>
        <source>LINE name</source>
        <translation>LINE名</translation>
    </message>
    <message>
        <source>Age band</source>
        <translation>年代</translation>
    </message>
    <message>
        <source>Reveal</source>
        <translation>表示する</translation>
    </message>
    <message>
        <source>Status: closed</source>
        <translation>終結</translation>
    </message>
    <message>
        <source>Status: open</source>
        <translation>対応中</translation>
    </message>
    <message>
        <source>Consent given</source>
        <translation>あり</translation>
    </message>
    <message>
        <source>No consent</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>世帯の状況</translation>
    </message>
    <message>
        <source>Consent to share</source>
        <translation>情報共有の同意</translation>
    </message>
    <message>
        <source>Personal details</source>
        <translation>個人情報</translation>
    </message>
    <message>
        <source>Real name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>Real name (kana)</source>
        <translation>氏名のふりがな</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>生年月日</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>住所</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>電話番号</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>メールアドレス</translation>
    </message>
    <message>
        <source>Shows the personal details. Who revealed them, and when, will be recorded.</source>
        <translation>個人情報を表示します。表示した職員と日時は記録されます。</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>ケース</translation>
    </message>
    <message>
        <source>Lead counselor</source>
        <translation>主担当相談員</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>開始日</translation>
    </message>
    <message>
        <source>Closed on</source>
        <translation>終結日</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>リスク</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>概要</translation>
    </message>
    <message>
        <source>Why open</source>
        <translation>開始・再開の理由</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>経過</translation>
    </message>
    <message>
        <source>Select an entry to see its detail.</source>
        <translation>項目を選択すると詳細が表示されます。</translation>
    </message>
    <message>
        <source>Support plan</source>
        <translation>支援計画</translation>
    </message>
    <message>
        <source>Add issue</source>
        <translation>課題を追加</translation>
    </message>
    <message>
        <source>Add action</source>
        <translation>対応を追加</translation>
    </message>
    <message>
        <source>Adds an action to the selected issue.</source>
        <translation>選択した課題に対応を追加します。</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>編集</translation>
    </message>
    <message>
        <source>Mark done</source>
        <translation>完了にする</translation>
    </message>
    <message>
        <source>Case not loaded</source>
        <translation>ケースを読み込めませんでした</translation>
    </message>
    <message>
        <source>The case could not be read from the database.</source>
        <translation>データベースからケースを読み込めませんでした。</translation>
    </message>
    <message>
        <source>{reason}
If you need this case, ask a supervisor.</source>
        <translation>{reason}
このケースが必要な場合は、スーパーバイザーに相談してください。</translation>
    </message>
    <message>
        <source>Reopen case</source>
        <translation>再開</translation>
    </message>
    <message>
        <source>Contact safely: {notes}</source>
        <translation>連絡時の注意：{notes}</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（なし）</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>Recorded (hidden)</source>
        <translation>登録あり（非表示）</translation>
    </message>
    <message>
        <source>Not recorded</source>
        <translation>未登録</translation>
    </message>
    <message>
        <source>Support plan (version {version})</source>
        <translation>支援計画（第{version}版）</translation>
    </message>
</context>
<context>
    <name>ClientDialog</name>
    <message>
        <source>Client profile</source>
        <translation>相談者情報</translation>
    </message>
    <message>
        <source>Show (this is recorded)</source>
        <translation>表示する（記録されます）</translation>
    </message>
    <message>
        <source>Shows the real name, birth date, address and contacts; who looked and when is recorded.</source>
        <translation>氏名・生年月日・住所・連絡先を表示します。誰がいつ表示したかが記録されます。</translation>
    </message>
    <message>
        <source>Client profile ({case_nos})</source>
        <translation>相談者情報（{case_nos}）</translation>
    </message>
    <message>
        <source>The client could not be loaded.</source>
        <translation>相談者の情報を読み込めませんでした。</translation>
    </message>
    <message>
        <source>Not shown</source>
        <translation>表示できません</translation>
    </message>
    <message>
        <source>The sensitive fields could not be read.</source>
        <translation>取扱注意の項目を読み込めませんでした。</translation>
    </message>
</context>
<context>
    <name>ClientFields</name>
    <message>
        <source>Nickname or LINE name</source>
        <translation>ニックネーム、LINE名など</translation>
    </message>
    <message>
        <source>Display name *</source>
        <translation>表示名 *</translation>
    </message>
    <message>
        <source>Reading (kana)</source>
        <translation>ふりがな</translation>
    </message>
    <message>
        <source>LINE name</source>
        <translation>LINE名</translation>
    </message>
    <message>
        <source>(not known)</source>
        <translation>（不明）</translation>
    </message>
    <message>
        <source>Age band</source>
        <translation>年代</translation>
    </message>
    <message>
        <source>Employment</source>
        <translation>就労状況</translation>
    </message>
    <message>
        <source>Student</source>
        <translation>学生</translation>
    </message>
    <message>
        <source>Not a student</source>
        <translation>学生ではない</translation>
    </message>
    <message>
        <source>Has children</source>
        <translation>子どもあり</translation>
    </message>
    <message>
        <source>No children</source>
        <translation>子どもなし</translation>
    </message>
    <message>
        <source>Children</source>
        <translation>子ども</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>世帯の状況</translation>
    </message>
    <message>
        <source>e.g. Her husband reads her phone: LINE only, no calls</source>
        <translation>例：夫が携帯を見る。LINEのみ、電話不可</translation>
    </message>
    <message>
        <source>Contacting her safely</source>
        <translation>安全な連絡方法</translation>
    </message>
    <message>
        <source>She agrees to share with partner agencies</source>
        <translation>関係機関との情報共有に同意あり</translation>
    </message>
    <message>
        <source>Sharing</source>
        <translation>情報共有</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>メモ</translation>
    </message>
    <message>
        <source>Real name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>Real name (kana)</source>
        <translation>氏名のふりがな</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>生年月日</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>住所</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>電話番号</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>メールアドレス</translation>
    </message>
    <message>
        <source>Recorded (hidden)</source>
        <translation>登録あり（非表示）</translation>
    </message>
    <message>
        <source>Not recorded</source>
        <translation>未登録</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>相談者</translation>
    </message>
    <message>
        <source>Handle with care</source>
        <translation>取扱注意</translation>
    </message>
</context>
<context>
    <name>CloseCaseDialog</name>
    <message>
        <source>Close case {case_no}</source>
        <translation>ケース {case_no} の終結</translation>
    </message>
    <message>
        <source>Closed on</source>
        <translation>終結日</translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation>（選択してください）</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>メモ</translation>
    </message>
</context>
<context>
    <name>CodeListEditor</name>
    <message>
        <source>Channels</source>
        <translation>相談方法</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>相談内容</translation>
    </message>
    <message>
        <source>Kinds of violence</source>
        <translation>暴力の種類</translation>
    </message>
    <message>
        <source>Age bands</source>
        <translation>年代</translation>
    </message>
    <message>
        <source>Agency kinds</source>
        <translation>関係機関の種別</translation>
    </message>
    <message>
        <source>Employment</source>
        <translation>就労状況</translation>
    </message>
    <message>
        <source>Specialist consultations</source>
        <translation>専門相談</translation>
    </message>
    <message>
        <source>Outreach kinds</source>
        <translation>アウトリーチの種類</translation>
    </message>
    <message>
        <source>Conference kinds</source>
        <translation>会議の種類</translation>
    </message>
    <message>
        <source>Group session kinds</source>
        <translation>グループ活動の種類</translation>
    </message>
    <message>
        <source>Goods items</source>
        <translation>提供物品</translation>
    </message>
    <message>
        <source>Goods places</source>
        <translation>物品提供の場所</translation>
    </message>
    <message>
        <source>Close reasons</source>
        <translation>終結理由</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>コード</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>使用中</translation>
    </message>
    <message>
        <source>Not in use</source>
        <translation>使用停止</translation>
    </message>
    <message>
        <source>DV</source>
        <translation>DV</translation>
    </message>
    <message>
        <source>Max age</source>
        <translation>上限年齢</translation>
    </message>
    <message>
        <source>The highest age in this band; empty = unknown</source>
        <translation>この年代に入る最高の年齢（空欄＝不明）</translation>
    </message>
    <message>
        <source>Code lists</source>
        <translation>選択肢の編集</translation>
    </message>
    <message>
        <source>New item</source>
        <translation>新しい項目の名称</translation>
    </message>
    <message>
        <source>Code (optional)</source>
        <translation>コード（省略可）</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>追加(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation>名称変更(&amp;R)</translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation>上へ(&amp;U)</translation>
    </message>
    <message>
        <source>Move do&amp;wn</source>
        <translation>下へ(&amp;W)</translation>
    </message>
    <message>
        <source>Only a system administrator can change the code lists.
You can read them here; sign in with an administrator account to add, rename, reorder or retire items.</source>
        <translation>コード表を変更できるのはシステム管理者だけです。
ここでは内容を確認できます。項目の追加・名称変更・並べ替え・使用停止は、管理者のアカウントでサインインして行ってください。</translation>
    </message>
    <message>
        <source>Ac&amp;tivate</source>
        <translation>有効にする(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Deactivate</source>
        <translation>無効にする(&amp;D)</translation>
    </message>
</context>
<context>
    <name>ConsultationDialog</name>
    <message>
        <source>Log an anonymous consultation</source>
        <translation>匿名の相談の記録</translation>
    </message>
    <message>
        <source>Log a consultation</source>
        <translation>相談の記録</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日付</translation>
    </message>
    <message>
        <source>Start time</source>
        <translation>開始時刻</translation>
    </message>
    <message>
        <source>End time</source>
        <translation>終了時刻</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>相談方法</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（なし）</translation>
    </message>
    <message>
        <source>Counselor</source>
        <translation>相談員</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自動</translation>
    </message>
    <message>
        <source>Automatic: new unless the client has consulted before</source>
        <translation>自動：この相談者の過去の相談がなければ新規、あれば継続</translation>
    </message>
    <message>
        <source>New / continuing</source>
        <translation>新規／継続</translation>
    </message>
    <message>
        <source>Age band</source>
        <translation>年代</translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation>（選択してください）</translation>
    </message>
    <message>
        <source>Main complaint</source>
        <translation>主訴</translation>
    </message>
    <message>
        <source>Other topics</source>
        <translation>その他の相談内容</translation>
    </message>
    <message>
        <source>Violence involved</source>
        <translation>暴力被害あり</translation>
    </message>
    <message>
        <source>DV</source>
        <translation>DV</translation>
    </message>
    <message>
        <source>Kinds of violence</source>
        <translation>暴力の種類</translation>
    </message>
    <message>
        <source>Consultation details</source>
        <translation>相談内容</translation>
    </message>
    <message>
        <source>Response and advice</source>
        <translation>対応・助言</translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation>緊急度</translation>
    </message>
    <message>
        <source>Follow up on</source>
        <translation>フォローアップ日</translation>
    </message>
    <message>
        <source>or after</source>
        <translation>または</translation>
    </message>
    <message>
        <source>Follow-up note</source>
        <translation>フォローアップ内容</translation>
    </message>
    <message>
        <source>For a visit or a pop-up consultation day</source>
        <translation>訪問・出張相談会の場合</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>場所</translation>
    </message>
    <message>
        <source>Specialist</source>
        <translation>専門相談</translation>
    </message>
    <message>
        <source>Automatic ({kind})</source>
        <translation>自動（{kind}）</translation>
    </message>
</context>
<context>
    <name>ContactKind</name>
    <message>
        <source>New</source>
        <translation>新規</translation>
    </message>
    <message>
        <source>Continuing</source>
        <translation>継続</translation>
    </message>
</context>
<context>
    <name>DaysAfterField</name>
    <message>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <source> days later</source>
        <translation> 日後</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Discard changes?</source>
        <translation>変更を破棄しますか？</translation>
    </message>
    <message>
        <source>This form has changes that are not saved. Discard them?</source>
        <translation>このフォームには保存されていない変更があります。破棄しますか？</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>破棄する</translation>
    </message>
</context>
<context>
    <name>DueListDock</name>
    <message>
        <source>Due list: only your own follow-ups can be shown</source>
        <translation>対応予定：表示できるのは自分の予定だけです</translation>
    </message>
    <message>
        <source>Due list</source>
        <translation>対応予定</translation>
    </message>
    <message>
        <source>Due (overdue {overdue} · today {today})</source>
        <translation>対応予定（期限切れ {overdue}・今日 {today}）</translation>
    </message>
</context>
<context>
    <name>DueListModel</name>
    <message>
        <source>Due</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>種別</translation>
    </message>
    <message>
        <source>Case No.</source>
        <translation>ケース番号</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>{bucket} ({count})</source>
        <translation>{bucket}（{count}）</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>期限切れ</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>今週</translation>
    </message>
</context>
<context>
    <name>DuplicateModel</name>
    <message>
        <source>A restricted case matches what was typed. Ask a supervisor.</source>
        <translation>入力内容に該当する制限付きのケースがあります。スーパーバイザーに確認してください。</translation>
    </message>
    <message>
        <source>Case No.</source>
        <translation>ケース番号</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>表示名</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>ふりがな</translation>
    </message>
    <message>
        <source>LINE name</source>
        <translation>LINE名</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Matched on</source>
        <translation>一致した項目</translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation>最終相談日</translation>
    </message>
    <message>
        <source>(no case)</source>
        <translation>（ケースなし）</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>対応中</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>終結</translation>
    </message>
    <message>
        <source>display name</source>
        <translation>表示名</translation>
    </message>
    <message>
        <source>reading</source>
        <translation>ふりがな</translation>
    </message>
    <message>
        <source>phone</source>
        <translation>電話番号</translation>
    </message>
</context>
<context>
    <name>DuplicatePanel</name>
    <message>
        <source>Is she already registered?</source>
        <translation>登録済みの相談者ではありませんか？</translation>
    </message>
    <message>
        <source>Start a new case for her</source>
        <translation>この相談者で新しいケースを開始</translation>
    </message>
    <message>
        <source>Her earlier case is closed: a new case for the same client, with the case details of this form.</source>
        <translation>以前のケースは終結しています。同じ相談者で、このフォームのケース欄の内容で新しいケースを開始します。</translation>
    </message>
    <message>
        <source>Open this client&apos;s case</source>
        <translation>この相談者のケースを開く</translation>
    </message>
    <message>
        <source>{count} stored client(s) may be her, and a restricted case matches: ask a supervisor.</source>
        <translation>登録済みの相談者{count}人が該当する可能性があり、制限付きのケースも該当します。スーパーバイザーに確認してください。</translation>
    </message>
    <message>
        <source>A restricted case matches. Ask a supervisor before you create a new client.</source>
        <translation>制限付きのケースが該当します。新しい相談者を登録する前に、スーパーバイザーに確認してください。</translation>
    </message>
    <message>
        <source>{count} stored client(s) may be her. If she is one of them, open her case instead.</source>
        <translation>登録済みの相談者のうち {count} 件が同じ方の可能性があります。同じ方であれば、新規登録せずにそのケースを開いてください。</translation>
    </message>
    <message>
        <source>Stored clients with the same name, reading, LINE name or phone appear here as you type.</source>
        <translation>名前・ふりがな・LINE名・電話番号を入力すると、一致する登録済みの相談者がここに表示されます。</translation>
    </message>
    <message>
        <source>The check for earlier clients could not run.</source>
        <translation>登録済みの相談者との照合ができませんでした。</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>All</source>
        <translation>すべて</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>対応中</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>終結</translation>
    </message>
    <message>
        <source>(all)</source>
        <translation>（すべて）</translation>
    </message>
    <message>
        <source>&amp;DV only</source>
        <translation>DVのみ(&amp;D)</translation>
    </message>
    <message>
        <source>C&amp;lear filters</source>
        <translation>条件をクリア(&amp;L)</translation>
    </message>
    <message>
        <source>Cha&amp;nnel</source>
        <translation>相談方法(&amp;N)</translation>
    </message>
    <message>
        <source>Consulted fro&amp;m</source>
        <translation>相談日(&amp;M)</translation>
    </message>
    <message>
        <source>to</source>
        <translation>～</translation>
    </message>
    <message>
        <source>&amp;Status</source>
        <translation>状態(&amp;S)</translation>
    </message>
    <message>
        <source>C&amp;ounselor</source>
        <translation>担当(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Topic</source>
        <translation>相談内容(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Age</source>
        <translation>年代(&amp;A)</translation>
    </message>
    <message>
        <source>Me</source>
        <translation>自分</translation>
    </message>
</context>
<context>
    <name>FirstAdministratorDialog</name>
    <message>
        <source>Create the administrator</source>
        <translation>管理者の登録</translation>
    </message>
    <message>
        <source>This database has no administrator yet. The administrator creates the staff accounts and manages the code lists; she does not read case records. A person who also counsels uses a second account for that.</source>
        <translation>このデータベースにはまだ管理者がいません。管理者は職員のアカウントとコード表を管理しますが、ケース記録は読めません。相談も担当する人は、そのために別のアカウントを使います。</translation>
    </message>
    <message>
        <source>Login name</source>
        <translation>ログイン名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>パスワード</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>パスワード（確認）</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>登録(&amp;C)</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>2 つのパスワードが一致しません。</translation>
    </message>
</context>
<context>
    <name>FiscalYear</name>
    <message>
        <source>FY{year} ({era} first year)</source>
        <translation>{era}元年度（{year}年度）</translation>
    </message>
    <message>
        <source>FY{year} ({era} {number})</source>
        <translation>{era}{number}年度（{year}年度）</translation>
    </message>
</context>
<context>
    <name>FollowUpKind</name>
    <message>
        <source>Plan action</source>
        <translation>支援計画</translation>
    </message>
    <message>
        <source>Referral</source>
        <translation>つなぎ</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>相談フォロー</translation>
    </message>
    <message>
        <source>Accompaniment</source>
        <translation>同行支援</translation>
    </message>
    <message>
        <source>Conference task</source>
        <translation>ケース会議</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save (Ctrl+Enter)</source>
        <translation>保存（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>保存されませんでした</translation>
    </message>
    <message>
        <source>The record could not be saved. Nothing was written; the form still holds what you typed.</source>
        <translation>記録を保存できませんでした。何も書き込まれていません。入力した内容はフォームに残っています。</translation>
    </message>
</context>
<context>
    <name>GoodsDialog</name>
    <message>
        <source>Goods handed out</source>
        <translation>物品提供</translation>
    </message>
    <message>
        <source>New goods entry</source>
        <translation>物品提供の記録</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>物品</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日付</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（なし）</translation>
    </message>
    <message>
        <source>Kind of place</source>
        <translation>場所の種別</translation>
    </message>
    <message>
        <source>e.g. North High School library</source>
        <translation>例：北高校 図書室</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>場所</translation>
    </message>
    <message>
        <source>Outreach event</source>
        <translation>アウトリーチ</translation>
    </message>
    <message>
        <source>Only for goods given to one client</source>
        <translation>特定の相談者に渡した場合のみ</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>ケース番号</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>メモ</translation>
    </message>
</context>
<context>
    <name>GoodsWindow</name>
    <message>
        <source>Date</source>
        <translation>日付</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>物品</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Kind of place</source>
        <translation>場所の種別</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>場所</translation>
    </message>
    <message>
        <source>Outreach event</source>
        <translation>アウトリーチ</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>ケース</translation>
    </message>
    <message>
        <source>Goods handed out</source>
        <translation>物品提供</translation>
    </message>
    <message>
        <source>{entries} entries</source>
        <translation>{entries} 件</translation>
    </message>
</context>
<context>
    <name>GroupSessionDialog</name>
    <message>
        <source>New group session</source>
        <translation>グループ活動の記録</translation>
    </message>
    <message>
        <source>Group session</source>
        <translation>グループ活動</translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation>（選択してください）</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>種別</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日付</translation>
    </message>
    <message>
        <source>Start time</source>
        <translation>開始時刻</translation>
    </message>
    <message>
        <source>End time</source>
        <translation>終了時刻</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>テーマ</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>場所</translation>
    </message>
    <message>
        <source>Facilitator</source>
        <translation>進行役</translation>
    </message>
    <message>
        <source> people</source>
        <translation> 人</translation>
    </message>
    <message>
        <source>Participants (all)</source>
        <translation>参加者数（全体）</translation>
    </message>
    <message>
        <source>Known clients</source>
        <translation>参加した相談者</translation>
    </message>
    <message>
        <source>Survey (training)</source>
        <translation>研修アンケート</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>メモ</translation>
    </message>
</context>
<context>
    <name>GroupSessionsWindow</name>
    <message>
        <source>Date</source>
        <translation>日付</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>種別</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>テーマ</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>場所</translation>
    </message>
    <message>
        <source>Participants</source>
        <translation>参加者数</translation>
    </message>
    <message>
        <source>Known clients</source>
        <translation>参加した相談者</translation>
    </message>
    <message>
        <source>Answers</source>
        <translation>回答数</translation>
    </message>
    <message>
        <source>Very good + Good</source>
        <translation>大変よかった＋よかった</translation>
    </message>
    <message>
        <source>Group sessions</source>
        <translation>グループ活動（居場所・ピアサポート・研修）</translation>
    </message>
    <message>
        <source>(all kinds)</source>
        <translation>（すべての種別）</translation>
    </message>
    <message>
        <source>&amp;Kind</source>
        <translation>種別(&amp;K)</translation>
    </message>
    <message>
        <source>{sessions} sessions · {people} participants</source>
        <translation>{sessions} 回 · 参加者 {people} 人</translation>
    </message>
    <message>
        <source>survey: {total} answers, Very good + Good {share}</source>
        <translation>アンケート {total} 件、大変よかった＋よかった {share}</translation>
    </message>
</context>
<context>
    <name>IdleLock</name>
    <message>
        <source>casedesk is locked</source>
        <translation>casedesk はロックされています</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>ロック解除(&amp;U)</translation>
    </message>
    <message>
        <source>Someone else? Sign out</source>
        <translation>別の人ですか？ サインアウト</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>パスワード</translation>
    </message>
    <message>
        <source>Signed in: {name}. Type your password to go on.</source>
        <translation>サインイン中: {name}。続けるにはパスワードを入力してください。</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>パスワードを入力してください。</translation>
    </message>
</context>
<context>
    <name>IntakeDialog</name>
    <message>
        <source>New client and case</source>
        <translation>新規受付（相談者とケース）</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>ケース</translation>
    </message>
    <message>
        <source>Opened on</source>
        <translation>開始日</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（なし）</translation>
    </message>
    <message>
        <source>Lead counselor</source>
        <translation>主担当相談員</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>リスク</translation>
    </message>
    <message>
        <source>Only her counselors and supervisors may see it</source>
        <translation>担当者とスーパーバイザーのみ閲覧可</translation>
    </message>
    <message>
        <source>Restricted</source>
        <translation>閲覧制限</translation>
    </message>
    <message>
        <source>Reason for opening</source>
        <translation>開始の理由</translation>
    </message>
    <message>
        <source>There may be a duplicate. To create a new client anyway, press Save again.</source>
        <translation>重複の可能性があります。それでも新規作成する場合はもう一度保存を押してください。</translation>
    </message>
</context>
<context>
    <name>LineFiguresWindow</name>
    <message>
        <source>{month}/{year}</source>
        <translation>{year}年{month}月</translation>
    </message>
    <message>
        <source>Friends registered</source>
        <translation>友だち登録者数</translation>
    </message>
    <message>
        <source>Friends in total</source>
        <translation>友だち総数</translation>
    </message>
    <message>
        <source>Slots offered</source>
        <translation>提供枠数</translation>
    </message>
    <message>
        <source>Slots used</source>
        <translation>利用枠数</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <source>Utilisation</source>
        <translation>枠の利用率</translation>
    </message>
    <message>
        <source>Slots used ÷ slots offered</source>
        <translation>利用枠数 ÷ 提供枠数</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>メモ</translation>
    </message>
    <message>
        <source>LINE monthly figures</source>
        <translation>LINE月別実績</translation>
    </message>
    <message>
        <source>&amp;Fiscal year</source>
        <translation>年度(&amp;F)</translation>
    </message>
    <message>
        <source>Type a figure and press Enter: each month is saved as you go.</source>
        <translation>数値を入力して Enter を押すと、その月の数値がすぐに保存されます。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Opening the database…</source>
        <translation>データベースを開いています…</translation>
    </message>
    <message>
        <source>Creating the demo database…</source>
        <translation>デモデータを作成しています…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Demo data</source>
        <translation>デモデータ</translation>
    </message>
    <message>
        <source>Creating the demo data was cancelled.</source>
        <translation>デモデータの作成を中止しました。</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>開く(&amp;O)…</translation>
    </message>
    <message>
        <source>Case list</source>
        <translation>ケース一覧</translation>
    </message>
    <message>
        <source>Open &amp;Demo Data</source>
        <translation>デモデータを開く(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About casedesk</source>
        <translation>バージョン情報(&amp;A)</translation>
    </message>
    <message>
        <source>Auto Loc&amp;k</source>
        <translation>自動ロック(&amp;K)</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>検索</translation>
    </message>
    <message>
        <source>Search by name, kana reading, LINE name or case number (Ctrl+L)</source>
        <translation>名前・ふりがな・LINE名・ケース番号で検索（Ctrl+L）</translation>
    </message>
    <message>
        <source>Due list of:</source>
        <translation>予定の担当者:</translation>
    </message>
    <message>
        <source>Open a database</source>
        <translation>データベースを開く</translation>
    </message>
    <message>
        <source>casedesk databases (*.sqlite3 *.sqlite *.db);;All files (*)</source>
        <translation>casedesk データベース (*.sqlite3 *.sqlite *.db);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>casedesk {version}

Case records for women&apos;s support programs.

Japanese text is shown in IPAexGothic (IPA Font License v1.0).</source>
        <translation>casedesk {version}

女性支援の相談記録・ケース管理

画面の日本語表示には IPAexゴシック（IPAフォントライセンスv1.0）を使用しています。</translation>
    </message>
    <message>
        <source>About casedesk</source>
        <translation>バージョン情報</translation>
    </message>
    <message>
        <source>casedesk — {location}</source>
        <translation>casedesk — {location}</translation>
    </message>
    <message>
        <source>Database: {location}</source>
        <translation>データベース: {location}</translation>
    </message>
    <message>
        <source>Loading the case list…</source>
        <translation>ケース一覧を読み込んでいます…</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>ケース</translation>
    </message>
    <message>
        <source>Opening the database…
If it comes from an older casedesk, a backup copy is made and it is upgraded; a large database takes a minute or two.</source>
        <translation>データベースを開いています…
以前のバージョンのcasedeskで作られたデータベースは、バックアップを作成してから更新します。大きなデータベースでは1〜2分かかります。</translation>
    </message>
    <message>
        <source>Opening the database</source>
        <translation>データベースを開いています</translation>
    </message>
    <message>
        <source>Opening was cancelled: the database was left as it was.</source>
        <translation>データベースを開くのを取り消しました。データベースは元のままです。</translation>
    </message>
    <message>
        <source>This database comes from an older casedesk.
Making a backup copy before upgrading it…</source>
        <translation>このデータベースは以前のバージョンの casedesk で作られています。
更新の前にバックアップを作成しています…</translation>
    </message>
    <message>
        <source>Upgrading the database for this version of casedesk…
A large database takes a minute or two. Cancel leaves it as it was.</source>
        <translation>この casedesk 用にデータベースを更新しています…
大きなデータベースでは 1〜2 分かかります。キャンセルすると元のままになります。</translation>
    </message>
    <message>
        <source>Cancelling… the database is being left as it was.</source>
        <translation>取り消しています… データベースは元のまま残ります。</translation>
    </message>
    <message>
        <source>&amp;Close Tab</source>
        <translation>タブを閉じる(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Back Up Now</source>
        <translation>今すぐバックアップ(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation>ロック(&amp;L)</translation>
    </message>
    <message>
        <source>After {minutes} minutes</source>
        <translation>{minutes} 分後</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>しない</translation>
    </message>
    <message>
        <source>Sign &amp;Out</source>
        <translation>サインアウト(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;New Client…</source>
        <translation>新規相談者(&amp;N)…</translation>
    </message>
    <message>
        <source>New client</source>
        <translation>新規相談者</translation>
    </message>
    <message>
        <source>&amp;Log a Consultation…</source>
        <translation>相談を記録(&amp;L)…</translation>
    </message>
    <message>
        <source>Log consultation</source>
        <translation>相談を記録</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>検索(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>印刷(&amp;P)…</translation>
    </message>
    <message>
        <source>Coming later</source>
        <translation>後日対応</translation>
    </message>
    <message>
        <source>&amp;Filters</source>
        <translation>絞り込み(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Due List</source>
        <translation>対応予定(&amp;D)</translation>
    </message>
    <message>
        <source>Due list</source>
        <translation>対応予定</translation>
    </message>
    <message>
        <source>&amp;Consultation</source>
        <translation>相談(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Records</source>
        <translation>記録(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>言語(&amp;L)</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>メインツールバー</translation>
    </message>
    <message>
        <source>The language will change the next time casedesk starts.</source>
        <translation>言語は次回の起動時に切り替わります。</translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation>（選択してください）</translation>
    </message>
    <message>
        <source>A server database is backed up on the server.</source>
        <translation>サーバーのデータベースはサーバーでバックアップします。</translation>
    </message>
    <message>
        <source>Making a backup copy of the database…</source>
        <translation>データベースのバックアップを作成しています…</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>バックアップ</translation>
    </message>
    <message>
        <source>Backup made: {path}</source>
        <translation>バックアップを作成しました: {path}</translation>
    </message>
    <message>
        <source>The backup was cancelled.</source>
        <translation>バックアップを取り消しました。</translation>
    </message>
    <message>
        <source>The backup could not be made.</source>
        <translation>バックアップを作成できませんでした。</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>サインインしています…</translation>
    </message>
    <message>
        <source>Signed out.</source>
        <translation>サインアウトしました。</translation>
    </message>
    <message>
        <source>Database (encrypted): {location}</source>
        <translation>データベース（暗号化）: {location}</translation>
    </message>
    <message>
        <source>Signed in: {name}</source>
        <translation>サインイン中: {name}</translation>
    </message>
    <message>
        <source>The database was upgraded. A copy of the old one was kept: {path}</source>
        <translation>データベースを新しい形式に更新しました。更新前の控え: {path}</translation>
    </message>
    <message>
        <source>Cannot open the database</source>
        <translation>データベースを開けません</translation>
    </message>
    <message>
        <source>This database was created by a newer version of casedesk (schema {revision}). Update casedesk, then open it again.

The file has been left as it was.
{location}</source>
        <translation>このデータベースは新しいバージョンの casedesk で作成されています（スキーマ {revision}）。casedesk を更新してから開いてください。

ファイルには手を加えていません。
{location}</translation>
    </message>
    <message>
        <source>This file is not a casedesk database.

The file has been left as it was.
{location}</source>
        <translation>このファイルは casedesk のデータベースではありません。

ファイルには手を加えていません。
{location}</translation>
    </message>
    <message>
        <source>casedesk cannot open this database.

The file has been left as it was.
{location}</source>
        <translation>このデータベースは casedesk で開けません。

ファイルには手を加えていません。
{location}</translation>
    </message>
    <message>
        <source>The database could not be opened.</source>
        <translation>データベースを開けませんでした。</translation>
    </message>
    <message>
        <source>Cases: {count}</source>
        <translation>ケース {count} 件</translation>
    </message>
    <message>
        <source>The database reported an error.</source>
        <translation>データベースでエラーが発生しました。</translation>
    </message>
    <message>
        <source>Database error</source>
        <translation>データベースのエラー</translation>
    </message>
    <message>
        <source>The case list could not be read from the database.</source>
        <translation>データベースからケース一覧を読み込めませんでした。</translation>
    </message>
    <message>
        <source>Creating the demo database…
Consultations: {done} of {total}</source>
        <translation>デモデータを作成しています…
相談 {done} / {total} 件</translation>
    </message>
    <message>
        <source>No database is open.</source>
        <translation>データベースが開かれていません。</translation>
    </message>
</context>
<context>
    <name>MoveReferralDialog</name>
    <message>
        <source>Move referral</source>
        <translation>つなぎの状況の変更</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日付</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>担当職員</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>New status</source>
        <translation>新しい状況</translation>
    </message>
    <message>
        <source>Reason or note</source>
        <translation>理由・メモ</translation>
    </message>
    <message>
        <source>{agency}: now {status}</source>
        <translation>{agency}：現在「{status}」</translation>
    </message>
    <message>
        <source>(no agency)</source>
        <translation>（機関未入力）</translation>
    </message>
    <message>
        <source>(no further status)</source>
        <translation>（これ以上変更できません）</translation>
    </message>
    <message>
        <source>Required: why the referral did not work out</source>
        <translation>必須：不成立の理由</translation>
    </message>
</context>
<context>
    <name>OutreachDialog</name>
    <message>
        <source>New outreach event</source>
        <translation>アウトリーチの記録</translation>
    </message>
    <message>
        <source>Outreach event</source>
        <translation>アウトリーチ</translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation>（選択してください）</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>種別</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日付</translation>
    </message>
    <message>
        <source>Start time</source>
        <translation>開始時刻</translation>
    </message>
    <message>
        <source>End time</source>
        <translation>終了時刻</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>場所</translation>
    </message>
    <message>
        <source>e.g. Pop-up consultation day for women</source>
        <translation>例：女性のための出張相談会</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>名称</translation>
    </message>
    <message>
        <source> people</source>
        <translation> 人</translation>
    </message>
    <message>
        <source>People approached</source>
        <translation>声かけ人数</translation>
    </message>
    <message>
        <source> consultations</source>
        <translation> 件</translation>
    </message>
    <message>
        <source>Consultations held</source>
        <translation>相談件数（当日）</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>担当職員</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>メモ</translation>
    </message>
</context>
<context>
    <name>OutreachWindow</name>
    <message>
        <source>Date</source>
        <translation>日付</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>種別</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>場所</translation>
    </message>
    <message>
        <source>Approached</source>
        <translation>声かけ</translation>
    </message>
    <message>
        <source>Consultations (counted)</source>
        <translation>相談件数（当日集計）</translation>
    </message>
    <message>
        <source>Consultations (logged)</source>
        <translation>相談記録</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>担当職員</translation>
    </message>
    <message>
        <source>Outreach events</source>
        <translation>アウトリーチ</translation>
    </message>
    <message>
        <source>{events} events · {approached} people approached · {held} consultations counted, {logged} logged</source>
        <translation>{events} 回 · 声かけ {approached} 人 · 相談 {held} 件（記録 {logged} 件）</translation>
    </message>
</context>
<context>
    <name>OwnPasswordDialog</name>
    <message>
        <source>Change my password</source>
        <translation>パスワードの変更</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>現在のパスワード</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新しいパスワード</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>新しいパスワード（確認）</translation>
    </message>
</context>
<context>
    <name>ParticipantsBox</name>
    <message>
        <source>Case number or name, then Enter</source>
        <translation>ケース番号か名前を入力して Enter</translation>
    </message>
    <message>
        <source>Add →</source>
        <translation>追加 →</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>外す</translation>
    </message>
    <message>
        <source>{count} found</source>
        <translation>{count} 件見つかりました</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Choose a passphrase</source>
        <translation>パスフレーズの設定</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>パスフレーズ</translation>
    </message>
    <message>
        <source>The new database will be encrypted. Choose a passphrase for it.
If the passphrase is forgotten, no one can recover the records: keep it somewhere safe.</source>
        <translation>新しいデータベースは暗号化されます。パスフレーズを決めてください。
パスフレーズを忘れると、記録は誰にも戻せません。安全な場所に控えてください。</translation>
    </message>
    <message>
        <source>This database is encrypted. Enter its passphrase.</source>
        <translation>このデータベースは暗号化されています。パスフレーズを入力してください。</translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation>パスフレーズ:</translation>
    </message>
    <message>
        <source>Again:</source>
        <translation>もう一度:</translation>
    </message>
    <message>
        <source>The passphrase is wrong. The database was not changed. Try again.</source>
        <translation>パスフレーズが違います。データベースは変更していません。もう一度入力してください。</translation>
    </message>
    <message>
        <source>Too short: at least {count} characters.</source>
        <translation>短すぎます。{count} 文字以上にしてください。</translation>
    </message>
    <message>
        <source>Weak: easy to guess. A longer passphrase is safer.</source>
        <translation>弱い: 推測されやすいパスフレーズです。長くすると安全です。</translation>
    </message>
    <message>
        <source>Fair. A few more words would make it strong.</source>
        <translation>普通: 言葉をいくつか足すと強くなります。</translation>
    </message>
    <message>
        <source>Strong.</source>
        <translation>強い。</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>2 つのパスフレーズが一致しません。</translation>
    </message>
</context>
<context>
    <name>PeriodWindow</name>
    <message>
        <source>&amp;From</source>
        <translation>期間(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;To</source>
        <translation>～(&amp;T)</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>表示</translation>
    </message>
    <message>
        <source>This fiscal year</source>
        <translation>今年度</translation>
    </message>
    <message>
        <source>&amp;New…</source>
        <translation>新規(&amp;N)…</translation>
    </message>
    <message>
        <source>New (Ctrl+N)</source>
        <translation>新規（Ctrl+N）</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>編集(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>削除(&amp;D)…</translation>
    </message>
    <message>
        <source>Delete record</source>
        <translation>記録の削除</translation>
    </message>
    <message>
        <source>Delete {record}?</source>
        <translation>「{record}」を削除しますか？</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>削除</translation>
    </message>
</context>
<context>
    <name>PlanIssueDialog</name>
    <message>
        <source>Edit issue</source>
        <translation>課題の編集</translation>
    </message>
    <message>
        <source>Add issue</source>
        <translation>課題を追加</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>課題</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（なし）</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>相談内容</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Goal</source>
        <translation>目標</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
</context>
<context>
    <name>PlanItemDialog</name>
    <message>
        <source>Edit action</source>
        <translation>対応の編集</translation>
    </message>
    <message>
        <source>Add action to “{issue}”</source>
        <translation>「{issue}」に対応を追加</translation>
    </message>
    <message>
        <source>Add action</source>
        <translation>対応を追加</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>対応</translation>
    </message>
    <message>
        <source>Goal</source>
        <translation>目標</translation>
    </message>
    <message>
        <source>Carried out by</source>
        <translation>担当</translation>
    </message>
    <message>
        <source>(lead counselor)</source>
        <translation>（主担当）</translation>
    </message>
    <message>
        <source>Staff member</source>
        <translation>職員</translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation>（選択してください）</translation>
    </message>
    <message>
        <source>Agency</source>
        <translation>関係機関</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Review on</source>
        <translation>見直し日</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>メモ</translation>
    </message>
</context>
<context>
    <name>PlanLabels</name>
    <message>
        <source>Planned</source>
        <translation>予定</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>実施中</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>中止</translation>
    </message>
    <message>
        <source>Unresolved</source>
        <translation>未解決</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>解決</translation>
    </message>
    <message>
        <source>Dropped</source>
        <translation>取り下げ</translation>
    </message>
    <message>
        <source>Our program</source>
        <translation>当プログラム</translation>
    </message>
    <message>
        <source>Partner agency</source>
        <translation>関係機関</translation>
    </message>
    <message>
        <source>The client</source>
        <translation>本人</translation>
    </message>
    <message>
        <source>Lead counselor</source>
        <translation>主担当相談員</translation>
    </message>
</context>
<context>
    <name>PlanModel</name>
    <message>
        <source>Issue / action</source>
        <translation>課題・対応</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>担当</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Goal: {goal}</source>
        <translation>目標：{goal}</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>期限切れ</translation>
    </message>
</context>
<context>
    <name>ReferralDialog</name>
    <message>
        <source>New referral</source>
        <translation>つなぎの登録</translation>
    </message>
    <message>
        <source>(not in the directory)</source>
        <translation>（名簿にない機関）</translation>
    </message>
    <message>
        <source>Agency</source>
        <translation>関係機関</translation>
    </message>
    <message>
        <source>Only for an agency not in the directory</source>
        <translation>名簿にない機関の場合のみ</translation>
    </message>
    <message>
        <source>Agency name</source>
        <translation>機関名</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>目的</translation>
    </message>
    <message>
        <source>Proposed on</source>
        <translation>提案日</translation>
    </message>
    <message>
        <source>Follow up on</source>
        <translation>フォローアップ日</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>メモ</translation>
    </message>
</context>
<context>
    <name>ReferralStatus</name>
    <message>
        <source>Proposed</source>
        <translation>提案</translation>
    </message>
    <message>
        <source>Contacted</source>
        <translation>連絡済み</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>つながった</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>不成立</translation>
    </message>
</context>
<context>
    <name>ReopenCaseDialog</name>
    <message>
        <source>Reopen case {case_no}</source>
        <translation>ケース {case_no} の再開</translation>
    </message>
    <message>
        <source>Reopened on</source>
        <translation>再開日</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
</context>
<context>
    <name>Satisfaction</name>
    <message>
        <source>Very good</source>
        <translation>大変よかった</translation>
    </message>
    <message>
        <source>Good</source>
        <translation>よかった</translation>
    </message>
    <message>
        <source>Neither</source>
        <translation>どちらでもない</translation>
    </message>
    <message>
        <source>Somewhat dissatisfied</source>
        <translation>やや不満</translation>
    </message>
    <message>
        <source>Dissatisfied</source>
        <translation>不満</translation>
    </message>
</context>
<context>
    <name>SetPasswordDialog</name>
    <message>
        <source>Set password for {name}</source>
        <translation>{name} さんのパスワード設定</translation>
    </message>
    <message>
        <source>{name} ({login}) signs in with this password from now on. Tell it to her in person, not by email.</source>
        <translation>{name}（{login}）は、これからこのパスワードでサインインします。メールではなく、本人に直接伝えてください。</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新しいパスワード</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>新しいパスワード（確認）</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in to casedesk</source>
        <translation>casedesk にサインイン</translation>
    </message>
    <message>
        <source>Login name</source>
        <translation>ログイン名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>パスワード</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>サインイン(&amp;S)</translation>
    </message>
    <message>
        <source>Enter your login name.</source>
        <translation>ログイン名を入力してください。</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>パスワードを入力してください。</translation>
    </message>
</context>
<context>
    <name>StaffAccountDialog</name>
    <message>
        <source>New staff account</source>
        <translation>職員アカウントの追加</translation>
    </message>
    <message>
        <source>Edit staff account</source>
        <translation>職員アカウントの編集</translation>
    </message>
    <message>
        <source>Login name</source>
        <translation>ログイン名</translation>
    </message>
    <message>
        <source>Staff name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>Name (kana)</source>
        <translation>ふりがな</translation>
    </message>
    <message>
        <source>Staff role</source>
        <translation>役割</translation>
    </message>
    <message>
        <source>Initial password</source>
        <translation>初期パスワード</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>パスワード（確認）</translation>
    </message>
    <message>
        <source>A login name cannot be changed.</source>
        <translation>ログイン名は変更できません。</translation>
    </message>
</context>
<context>
    <name>StaffPasswords</name>
    <message>
        <source>At least {n} characters</source>
        <translation>{n} 文字以上</translation>
    </message>
    <message>
        <source>The two passwords do not match.</source>
        <translation>2つのパスワードが一致しません。</translation>
    </message>
</context>
<context>
    <name>StaffRole</name>
    <message>
        <source>Support counselor</source>
        <translation>相談員</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>スーパーバイザー</translation>
    </message>
    <message>
        <source>System administrator</source>
        <translation>システム管理者</translation>
    </message>
</context>
<context>
    <name>StaffWindow</name>
    <message>
        <source>Active</source>
        <translation>有効</translation>
    </message>
    <message>
        <source>Inactive</source>
        <translation>無効</translation>
    </message>
    <message>
        <source>Staff name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>Name (kana)</source>
        <translation>ふりがな</translation>
    </message>
    <message>
        <source>Login name</source>
        <translation>ログイン名</translation>
    </message>
    <message>
        <source>Staff role</source>
        <translation>役割</translation>
    </message>
    <message>
        <source>Account status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Can sign in</source>
        <translation>サインイン可</translation>
    </message>
    <message>
        <source>No password is set, or the account is inactive: she cannot sign in.</source>
        <translation>パスワードが設定されていないか、アカウントが無効のため、サインインできません。</translation>
    </message>
    <message>
        <source>Last sign-in</source>
        <translation>最終サインイン</translation>
    </message>
    <message>
        <source>Staff accounts</source>
        <translation>職員アカウント</translation>
    </message>
    <message>
        <source>&amp;New Account…</source>
        <translation>新規アカウント(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>編集(&amp;E)…</translation>
    </message>
    <message>
        <source>Set &amp;Password…</source>
        <translation>パスワード設定(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Deactivate</source>
        <translation>無効にする(&amp;D)</translation>
    </message>
    <message>
        <source>Only a system administrator can manage staff accounts.
Sign in with an administrator account to add accounts, change them or set passwords.</source>
        <translation>職員アカウントを管理できるのはシステム管理者だけです。
アカウントの追加・変更やパスワードの設定は、システム管理者のアカウントでサインインして行ってください。</translation>
    </message>
    <message>
        <source>&amp;Reactivate</source>
        <translation>有効に戻す(&amp;R)</translation>
    </message>
    <message>
        <source>Deactivate account</source>
        <translation>アカウントを無効にする</translation>
    </message>
    <message>
        <source>{name} ({login}) will no longer be able to sign in. Records keep her name, and the account can be reactivated later.</source>
        <translation>{name}（{login}）はサインインできなくなります。記録に残る名前はそのままで、あとで有効に戻すこともできます。</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>無効にする</translation>
    </message>
    <message>
        <source>Reactivate account</source>
        <translation>アカウントを有効に戻す</translation>
    </message>
    <message>
        <source>{name} ({login}) will be able to sign in again.</source>
        <translation>{name}（{login}）は再びサインインできるようになります。</translation>
    </message>
    <message>
        <source>Reactivate</source>
        <translation>有効に戻す</translation>
    </message>
</context>
<context>
    <name>SurveyBox</name>
    <message>
        <source>{total} answers · Very good + Good: {share}</source>
        <translation>回答 {total} 件 · 大変よかった＋よかった：{share}</translation>
    </message>
</context>
<context>
    <name>TableWindow</name>
    <message>
        <source>Not saved</source>
        <translation>保存されませんでした</translation>
    </message>
    <message>
        <source>The change could not be saved. Nothing was written.</source>
        <translation>変更を保存できませんでした。何も書き込まれていません。</translation>
    </message>
    <message>
        <source>{row}: {message}</source>
        <translation>{row}：{message}</translation>
    </message>
</context>
<context>
    <name>TargetsWindow</name>
    <message>
        <source>Indicator</source>
        <translation>指標</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目標</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>メモ</translation>
    </message>
    <message>
        <source>Annual targets</source>
        <translation>年間目標</translation>
    </message>
    <message>
        <source>&amp;Fiscal year</source>
        <translation>年度(&amp;F)</translation>
    </message>
    <message>
        <source>Type a target and press Enter to save it; empty the cell to remove it.</source>
        <translation>目標値を入力して Enter を押すと保存されます。空欄にすると目標を削除します。</translation>
    </message>
    <message>
        <source>Only a supervisor can set the annual targets. You can read them here.</source>
        <translation>年間目標を設定できるのはスーパーバイザーだけです。ここでは内容を確認できます。</translation>
    </message>
</context>
<context>
    <name>TimelineModel</name>
    <message>
        <source>Consultation</source>
        <translation>相談</translation>
    </message>
    <message>
        <source>Accompaniment</source>
        <translation>同行支援</translation>
    </message>
    <message>
        <source>Referral</source>
        <translation>つなぎ</translation>
    </message>
    <message>
        <source>Referral status</source>
        <translation>つなぎの状況</translation>
    </message>
    <message>
        <source>Plan action</source>
        <translation>支援計画の対応</translation>
    </message>
    <message>
        <source>Case conference</source>
        <translation>ケース会議</translation>
    </message>
    <message>
        <source>Case opened</source>
        <translation>ケース開始</translation>
    </message>
    <message>
        <source>Case closed</source>
        <translation>ケース終結</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日付</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>時間</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>種別</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>担当</translation>
    </message>
</context>
<context>
    <name>Urgency</name>
    <message>
        <source>None</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>Immediate</source>
        <translation>緊急</translation>
    </message>
</context>
<context>
    <name>Workflows</name>
    <message>
        <source>Partner &amp;Agencies…</source>
        <translation>関係機関(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Outreach Events…</source>
        <translation>アウトリーチ(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Goods Handed Out…</source>
        <translation>物品提供(&amp;G)…</translation>
    </message>
    <message>
        <source>Group &amp;Sessions…</source>
        <translation>グループ活動・研修(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;LINE Figures by Month…</source>
        <translation>LINE月次実績(&amp;L)…</translation>
    </message>
    <message>
        <source>Annual &amp;Targets…</source>
        <translation>年間目標(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Code Lists…</source>
        <translation>選択肢の管理(&amp;C)…</translation>
    </message>
    <message>
        <source>Sta&amp;ff Accounts…</source>
        <translation>職員アカウント(&amp;F)…</translation>
    </message>
</context>
<context>
    <name>_AccountForm</name>
    <message>
        <source>Database</source>
        <translation>データベース</translation>
    </message>
</context>
</TS>
