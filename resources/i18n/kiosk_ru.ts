<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru" sourcelanguage="en">
<context>
    <name>CaptionPanel</name>
    <message>
        <source>Caption</source>
        <translation>Подпись</translation>
    </message>
    <message>
        <source>In this photograph:</source>
        <translation>На фотографии:</translation>
    </message>
    <message>
        <source>Catalogue number</source>
        <translation>Инвентарный номер</translation>
    </message>
    <message>
        <source>Credit</source>
        <translation>Источник</translation>
    </message>
    <message>
        <source>Rights</source>
        <translation>Права</translation>
    </message>
</context>
<context>
    <name>GlossaryCard</name>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
</context>
<context>
    <name>GlossaryScreen</name>
    <message>
        <source>Glossary</source>
        <translation>Словарь</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>Story</source>
        <translation>История</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Персоналии</translation>
    </message>
    <message>
        <source>Photographs</source>
        <translation>Фотографии</translation>
    </message>
    <message>
        <source>Glossary</source>
        <translation>Словарь</translation>
    </message>
</context>
<context>
    <name>Kiosk</name>
    <message>
        <source>Real surname</source>
        <translation>Настоящая фамилия</translation>
    </message>
    <message>
        <source>Born</source>
        <translation>При рождении</translation>
    </message>
    <message>
        <source>Party pseudonym</source>
        <translation>Партийный псевдоним</translation>
    </message>
    <message>
        <source>Pseudonym</source>
        <translation>Псевдоним</translation>
    </message>
    <message>
        <source>Nickname</source>
        <translation>Прозвище</translation>
    </message>
    <message>
        <source>Also spelt</source>
        <translation>Другое написание</translation>
    </message>
    <message>
        <source>Also known as</source>
        <translation>Также известен как</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>One moment…</source>
        <translation>Минутку…</translation>
    </message>
</context>
<context>
    <name>NavBar</name>
    <message>
        <source>Navigation</source>
        <translation>Навигация</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>Главная</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Назад</translation>
    </message>
</context>
<context>
    <name>PageDots</name>
    <message>
        <source>Page %1 of %2</source>
        <translation>Страница %1 из %2</translation>
    </message>
</context>
<context>
    <name>PeopleScreen</name>
    <message>
        <source>People</source>
        <translation>Персоналии</translation>
    </message>
</context>
<context>
    <name>PersonScreen</name>
    <message>
        <source>Appears in</source>
        <translation>На фотографиях</translation>
    </message>
</context>
<context>
    <name>PhotoViewer</name>
    <message>
        <source>Previous photograph</source>
        <translation>Предыдущая фотография</translation>
    </message>
    <message>
        <source>Next photograph</source>
        <translation>Следующая фотография</translation>
    </message>
    <message>
        <source>Hide caption</source>
        <translation>Скрыть подпись</translation>
    </message>
    <message>
        <source>Caption</source>
        <translation>Подпись</translation>
    </message>
</context>
<context>
    <name>PhotosScreen</name>
    <message>
        <source>Photographs</source>
        <translation>Фотографии</translation>
    </message>
</context>
<context>
    <name>StoryScreen</name>
    <message>
        <source>Chronology</source>
        <translation>Хронология</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Предыдущая</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Следующая</translation>
    </message>
</context>
</TS>
