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
    <name>CountdownOverlay</name>
    <message>
        <source>Still there?</source>
        <translation>Вы ещё здесь?</translation>
    </message>
    <message numerus="yes">
        <source>The exhibit starts over in %n second(s).</source>
        <translation>
            <numerusform>Выставка начнётся сначала через %n секунду.</numerusform>
            <numerusform>Выставка начнётся сначала через %n секунды.</numerusform>
            <numerusform>Выставка начнётся сначала через %n секунд.</numerusform>
        </translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Продолжить</translation>
    </message>
    <message>
        <source>Start over</source>
        <translation>Начать сначала</translation>
    </message>
</context>
<context>
    <name>DisplayTest</name>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
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
    <message>
        <source>Index</source>
        <translation>Указатель</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>Sections</source>
        <translation>Разделы</translation>
    </message>
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
        <source>Touch to explore</source>
        <extracomment>The attract loop&apos;s call, shown in every language of the bundle at once.</extracomment>
        <translation>Коснитесь экрана, чтобы начать</translation>
    </message>
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
    <name>LanguageMenu</name>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Reading aloud. The arrow keys move, the middle key chooses, Back goes back. Press help again to hear this page.</source>
        <translation>Чтение вслух. Стрелки перемещают, средняя клавиша выбирает, «Назад» возвращает. Нажмите «Помощь» ещё раз, чтобы прослушать эту страницу.</translation>
    </message>
    <message>
        <source>Seated layout: everything to touch is below, within reach.</source>
        <translation>Режим для сидящих: всё, чего нужно касаться, — ниже, в пределах досягаемости.</translation>
    </message>
    <message>
        <source>This exhibit is not available just now. Please come back soon.</source>
        <translation>Выставка сейчас недоступна. Пожалуйста, загляните позже.</translation>
    </message>
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
    <message>
        <source>Stop</source>
        <translation>Стоп</translation>
    </message>
    <message>
        <source>Stop reading</source>
        <translation>Остановить чтение</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>Options: larger text, high contrast, seated, read aloud</source>
        <translation>Настройки: крупный текст, высокий контраст, для сидящих, чтение вслух</translation>
    </message>
    <message>
        <source>Language: %1</source>
        <translation>Язык: %1</translation>
    </message>
</context>
<context>
    <name>OptionsSheet</name>
    <message>
        <source>%1: on</source>
        <translation>%1: вкл.</translation>
    </message>
    <message>
        <source>%1: off</source>
        <translation>%1: выкл.</translation>
    </message>
    <message>
        <source>Options for this visit</source>
        <translation>Настройки на время посещения</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>Крупный текст</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>Высокий контраст</translation>
    </message>
    <message>
        <source>Seated: everything within reach</source>
        <translation>Для сидящих: всё в пределах досягаемости</translation>
    </message>
    <message>
        <source>Read this page aloud</source>
        <translation>Прочитать страницу вслух</translation>
    </message>
    <message>
        <source>Quieter</source>
        <translation>Тише</translation>
    </message>
    <message>
        <source>Louder</source>
        <translation>Громче</translation>
    </message>
    <message>
        <source>Slower</source>
        <translation>Медленнее</translation>
    </message>
    <message>
        <source>Faster</source>
        <translation>Быстрее</translation>
    </message>
    <message>
        <source>All of these go back to normal when your visit ends.</source>
        <translation>Когда посещение закончится, всё вернётся к обычному виду.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
</context>
<context>
    <name>PagerBar</name>
    <message>
        <source>Previous</source>
        <translation>Предыдущая</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Следующая</translation>
    </message>
    <message>
        <source>%1 · %2 of %3</source>
        <translation>%1 · %2 из %3</translation>
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
    <message>
        <source>People</source>
        <translation>Персоналии</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Предыдущий</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Следующий</translation>
    </message>
    <message>
        <source>Previous person</source>
        <translation>Предыдущий человек</translation>
    </message>
    <message>
        <source>Next person</source>
        <translation>Следующий человек</translation>
    </message>
</context>
<context>
    <name>PhotoViewer</name>
    <message>
        <source>Pinch or double-tap the photograph to zoom</source>
        <translation>Чтобы увеличить снимок, разведите пальцы или коснитесь дважды</translation>
    </message>
    <message>
        <source>Photographs</source>
        <translation>Фотографии</translation>
    </message>
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
    <name>PinPad</name>
    <message>
        <source>Staff PIN</source>
        <translation>PIN-код сотрудника</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Стереть</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>ОК</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
</context>
<context>
    <name>StaffDesk</name>
    <message>
        <source>Wrong PIN</source>
        <translation>Неверный PIN-код</translation>
    </message>
    <message>
        <source>The PIN cannot be checked. Staff: see the log.</source>
        <translation>PIN-код нельзя проверить. Сотрудникам: см. журнал.</translation>
    </message>
    <message numerus="yes">
        <source>Locked. Try again in %n second(s).</source>
        <translation>
            <numerusform>Заблокировано. Повторите через %n секунду.</numerusform>
            <numerusform>Заблокировано. Повторите через %n секунды.</numerusform>
            <numerusform>Заблокировано. Повторите через %n секунд.</numerusform>
        </translation>
    </message>
    <message>
        <source>Locked. Try again in %1.</source>
        <translation>Заблокировано. Попробуйте снова через %1.</translation>
    </message>
    <message>
        <source>Looking for exhibit packs…</source>
        <translation>Ищем пакеты выставок…</translation>
    </message>
    <message>
        <source>Installed: %1</source>
        <translation>Установлено: %1</translation>
    </message>
    <message>
        <source>Not installed: %1</source>
        <translation>Не установлено: %1</translation>
    </message>
    <message>
        <source>Going back…</source>
        <translation>Возвращаемся…</translation>
    </message>
    <message>
        <source>Back to %1</source>
        <translation>Возвращено: %1</translation>
    </message>
    <message>
        <source>Could not stop for maintenance: %1</source>
        <translation>Не удалось остановить для обслуживания: %1</translation>
    </message>
</context>
<context>
    <name>StaffPanel</name>
    <message>
        <source>Staff panel</source>
        <translation>Панель сотрудника</translation>
    </message>
    <message>
        <source>Exhibit</source>
        <translation>Выставка</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Папка</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>Проверка</translation>
    </message>
    <message>
        <source>Software</source>
        <translation>Программа</translation>
    </message>
    <message>
        <source>Running for</source>
        <translation>Время работы</translation>
    </message>
    <message>
        <source>Recent warnings and errors</source>
        <translation>Последние предупреждения и ошибки</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Нет</translation>
    </message>
    <message>
        <source>Reload exhibit</source>
        <translation>Перезагрузить выставку</translation>
    </message>
    <message>
        <source>Display test</source>
        <translation>Проверка экрана</translation>
    </message>
    <message>
        <source>Leave kiosk mode</source>
        <translation>Выйти из режима киоска</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Завершить работу</translation>
    </message>
    <message>
        <source>Stop for maintenance</source>
        <translation>Остановить для обслуживания</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>Installed exhibits</source>
        <translation>Установленные выставки</translation>
    </message>
    <message>
        <source>None from packs yet: the exhibit shown is the one shipped with the kiosk or named in the configuration.</source>
        <translation>Из пакетов пока ничего не установлено: показывается выставка, поставляемая с киоском или указанная в настройках.</translation>
    </message>
    <message>
        <source>previous %1</source>
        <translation>предыдущая %1</translation>
    </message>
    <message>
        <source>shown</source>
        <translation>показывается</translation>
    </message>
    <message>
        <source>Go back to %1</source>
        <translation>Вернуть %1</translation>
    </message>
    <message>
        <source>Install from USB stick</source>
        <translation>Установить с USB-накопителя</translation>
    </message>
    <message>
        <source>Switch to another exhibit</source>
        <translation>Другая выставка</translation>
    </message>
</context>
<context>
    <name>StoryScreen</name>
    <message>
        <source>Chronology</source>
        <translation>Хронология</translation>
    </message>
    <message>
        <source>People on this page:</source>
        <translation>Люди на этой странице:</translation>
    </message>
    <message>
        <source>Story</source>
        <translation>История</translation>
    </message>
</context>
</TS>
