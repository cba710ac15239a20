<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>CountdownOverlay</name>
    <message numerus="yes">
        <source>The exhibit starts over in %n second(s).</source>
        <translation>
            <numerusform>The exhibit starts over in %n second.</numerusform>
            <numerusform>The exhibit starts over in %n seconds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StaffDesk</name>
    <message numerus="yes">
        <source>Locked. Try again in %n second(s).</source>
        <translation>
            <numerusform>Locked. Try again in %n second.</numerusform>
            <numerusform>Locked. Try again in %n seconds.</numerusform>
        </translation>
    </message>
</context>
</TS>
