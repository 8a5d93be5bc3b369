<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP" sourcelanguage="en">
<context>
    <name>CaseListModel</name>
    <message>
        <source>Date of the latest consultation on the case</source>
        <translation>このケースで最後に相談を受けた日</translation>
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
    <name>CloseCaseDialog</name>
    <message>
        <source>Close case {case_no}</source>
        <translation>ケース {case_no} の終了</translation>
    </message>
    <message>
        <source>Closed on</source>
        <translation>終了日</translation>
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
        <source>Search</source>
        <translation>検索</translation>
    </message>
    <message>
        <source>Search by name, kana reading, LINE name or case number (Ctrl+L)</source>
        <translation>名前・ふりがな・LINE名・ケース番号で検索（Ctrl+L）</translation>
    </message>
    <message>
        <source>Quick search</source>
        <translation>クイック検索</translation>
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
</TS>
