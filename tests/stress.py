"""A stress exhibit: the default bundle made long, crowded and in five languages.

``make_stress_bundle(dest)`` copies kiosk/exhibits/baku-1920 to ``dest/"stress"`` and
rewrites its bundle.json with extremes the UI must survive: long titles, five languages
(English, Russian, German with a very long compound, Azerbaijani, and Hebrew, written right
to left), the UI's own words for the three the kiosk does not ship, 40 people, 60 glossary
terms, a story page with four pictures, and a panorama, a tall document and a tiny original.
Deterministic: no randomness.

    python -m tests.stress OUT_DIR   # prints the generated bundle folder
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

DEFAULT_BUNDLE = Path(__file__).resolve().parent.parent / "kiosk" / "exhibits" / "baku-1920"

#: 80 letters, one word: no line-breaking opportunity anywhere inside it.
COMPOUND = "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft"

# Real German for titles and names of the default bundle (keyed by the English text).
GERMAN = {
    "The Baku Operation": "Die Operation von Baku",
    "April–May 1920: how Soviet power came to Azerbaijan": (
        "April–Mai 1920: Wie die Sowjetmacht nach Aserbaidschan kam"
    ),
    "The operation": "Die Operation",
    "A revolutionary committee": "Ein Revolutionskomitee",
    "The uprising in Baku": "Der Aufstand in Baku",
    "The armoured trains": "Die Panzerzüge",
    "A Soviet republic": "Eine Sowjetrepublik",
    "The 11th Army enters Baku": "Die 11. Armee zieht in Baku ein",
    "Most of the country held": "Der größte Teil des Landes",
    "Fyodor Raskolnikov": "Fjodor Raskolnikow",
    "Raskolnikov, Fyodor": "Raskolnikow, Fjodor",
    "Sergei Kirov": "Sergei Kirow",
    "Kirov, Sergei": "Kirow, Sergei",
    "Grigory Ordzhonikidze": "Grigori Ordschonikidse",
    "Ordzhonikidze, Grigory": "Ordschonikidse, Grigori",
    "Mikhail Efremov": "Michail Jefremow",
    "Efremov, Mikhail": "Jefremow, Michail",
    "Ilyin": "Iljin",
    "Kostrikov": "Kostrikow",
    "Sergo": "Sergo",
    "Azrevkom": "Asrewkom",
    "RCP(b)": "RKP(B)",
    "Musavat": "Musavat",
    "Revolutionary Military Council": "Revolutionärer Kriegsrat",
    "Russian SFSR": "Russische SFSR",
    "Baku": "Baku",
    "Soviet statesman and politician": "Sowjetischer Staatsmann und Politiker",
    "The Russian Communist Party (Bolsheviks).": (
        "Die Russische Kommunistische Partei (Bolschewiki)."
    ),
    "The Russian Socialist Federative Soviet Republic.": (
        "Die Russische Sozialistische Föderative Sowjetrepublik."
    ),
}
#: Where no German rendering was written, the English follows this German phrase.
UNTRANSLATED = "Deutsche Fassung folgt: "

# Real Azerbaijani (Latin script) for the same titles and names.
AZERBAIJANI = {
    "The Baku Operation": "Bakı əməliyyatı",
    "April–May 1920: how Soviet power came to Azerbaijan": (
        "Aprel–may 1920: Azərbaycanda sovet hakimiyyəti necə quruldu"
    ),
    "The operation": "Əməliyyat",
    "A revolutionary committee": "İnqilab komitəsi",
    "The uprising in Baku": "Bakıda üsyan",
    "The armoured trains": "Zirehli qatarlar",
    "A Soviet republic": "Sovet respublikası",
    "The 11th Army enters Baku": "11-ci Ordu Bakıya daxil olur",
    "Most of the country held": "Ölkənin böyük hissəsi nəzarət altında",
    "Fyodor Raskolnikov": "Fyodor Raskolnikov",
    "Raskolnikov, Fyodor": "Raskolnikov, Fyodor",
    "Sergei Kirov": "Sergey Kirov",
    "Kirov, Sergei": "Kirov, Sergey",
    "Grigory Ordzhonikidze": "Qriqori Orconikidze",
    "Ordzhonikidze, Grigory": "Orconikidze, Qriqori",
    "Mikhail Efremov": "Mixail Yefremov",
    "Efremov, Mikhail": "Yefremov, Mixail",
    "Ilyin": "İlyin",
    "Kostrikov": "Kostrikov",
    "Sergo": "Serqo",
    "Azrevkom": "Azinqilabkom",
    "RCP(b)": "RK(b)P",
    "Musavat": "Müsavat",
    "Revolutionary Military Council": "İnqilabi Hərbi Şura",
    "Russian SFSR": "RSFSR",
    "Baku": "Bakı",
    "Soviet statesman and politician": "Sovet dövlət və siyasi xadimi",
    "The Russian Communist Party (Bolsheviks).": "Rusiya Kommunist (bolşeviklər) Partiyası.",
    "The Russian Socialist Federative Soviet Republic.": (
        "Rusiya Sovet Federativ Sosialist Respublikası."
    ),
}
#: Where no Azerbaijani rendering was written, the English follows this phrase.
UNTRANSLATED_AZ = "Azərbaycanca mətn hazırlanır: "

# Real Hebrew for the same titles and names: the right-to-left language.
HEBREW = {
    "The Baku Operation": "מבצע באקו",
    "April–May 1920: how Soviet power came to Azerbaijan": (
        "אפריל–מאי 1920: כיצד הגיע השלטון הסובייטי לאזרבייג׳ן"
    ),
    "The operation": "המבצע",
    "A revolutionary committee": "ועד מהפכני",
    "The uprising in Baku": "המרד בבאקו",
    "The armoured trains": "הרכבות המשוריינות",
    "A Soviet republic": "רפובליקה סובייטית",
    "The 11th Army enters Baku": "הארמייה ה־11 נכנסת לבאקו",
    "Most of the country held": "רוב המדינה בשליטה",
    "Fyodor Raskolnikov": "פיודור רסקולניקוב",
    "Raskolnikov, Fyodor": "רסקולניקוב, פיודור",
    "Sergei Kirov": "סרגיי קירוב",
    "Kirov, Sergei": "קירוב, סרגיי",
    "Grigory Ordzhonikidze": "גריגורי אורג׳וניקידזה",
    "Ordzhonikidze, Grigory": "אורג׳וניקידזה, גריגורי",
    "Mikhail Efremov": "מיכאיל יפרמוב",
    "Efremov, Mikhail": "יפרמוב, מיכאיל",
    "Ilyin": "אילין",
    "Kostrikov": "קוסטריקוב",
    "Sergo": "סרגו",
    "Azrevkom": "אזרבקום",
    "RCP(b)": "רק״פ(ב)",
    "Musavat": "מוסאוואט",
    "Revolutionary Military Council": "המועצה הצבאית המהפכנית",
    "Russian SFSR": "רפסס״ר",
    "Baku": "באקו",
    "Soviet statesman and politician": "מדינאי ופוליטיקאי סובייטי",
    "The Russian Communist Party (Bolsheviks).": "המפלגה הקומוניסטית הרוסית (בולשביקים).",
    "The Russian Socialist Federative Soviet Republic.": (
        "הרפובליקה הסובייטית הפדרטיבית הסוציאליסטית הרוסית."
    ),
}
#: Where no Hebrew rendering was written, the English follows this Hebrew phrase.
UNTRANSLATED_HE = "הנוסח העברי בהכנה: "

#: The bundle's languages, in the order of its language switch.
LANGS = ("en", "ru", "de", "az", "he")
#: The languages added to the default bundle's English and Russian: their table, and the
#: phrase put before the English where the table has nothing.
ADDED = {
    "de": (GERMAN, UNTRANSLATED),
    "az": (AZERBAIJANI, UNTRANSLATED_AZ),
    "he": (HEBREW, UNTRANSLATED_HE),
}

# The UI's own words (the bundle's "ui" map) for the languages the kiosk does not ship:
# every key of kiosk.content.uiwords.UI_KEYS, the staff's included.
UI_WORDS: dict[str, dict[str, str | dict[str, str]]] = {
    "de": {
        "Caption": "Bildtext",
        "In this photograph:": "Auf diesem Foto:",
        "People on this page:": "Personen auf dieser Seite:",
        "Catalogue number": "Inventarnummer",
        "Credit": "Nachweis",
        "Rights": "Rechte",
        "Still there?": "Noch da?",
        "The exhibit starts over in %n second(s).": {
            "one": "Die Ausstellung beginnt in %n Sekunde von vorn.",
            "other": "Die Ausstellung beginnt in %n Sekunden von vorn.",
        },
        "Continue": "Fortsetzen",
        "Start over": "Von vorn beginnen",
        "Close": "Schließen",
        "Glossary": "Glossar",
        "Story": "Geschichte",
        "Sections": "Bereiche",
        "People": "Personen",
        "Photographs": "Fotografien",
        "Touch to explore": "Berühren und entdecken",
        "Real surname": "Eigentlicher Name",
        "Born": "Geboren als",
        "Party pseudonym": "Parteiname",
        "Pseudonym": "Pseudonym",
        "Nickname": "Spitzname",
        "Also spelt": "Auch geschrieben",
        "Also known as": "Auch bekannt als",
        "One moment…": "Einen Moment…",
        "Navigation": "Navigation",
        "Home": "Start",
        "Back": "Zurück",
        "Previous": "Vorherige",
        "Next": "Nächste",
        "%1 · %2 of %3": "%1 · %2 von %3",
        "Appears in": "Zu sehen in",
        "Previous person": "Vorherige Person",
        "Next person": "Nächste Person",
        "Previous photograph": "Vorheriges Foto",
        "Next photograph": "Nächstes Foto",
        "Hide caption": "Bildtext ausblenden",
        "Pinch or double-tap the photograph to zoom": (
            "Zum Vergrößern das Foto mit zwei Fingern aufziehen oder doppelt tippen"
        ),
        "Language": "Sprache",
        "Chronology": "Chronologie",
        "This exhibit is not available just now. Please come back soon.": (
            "Diese Ausstellung ist gerade nicht verfügbar. Bitte kommen Sie bald wieder."
        ),
        "Language: %1": "Sprache: %1",
        (
            "Reading aloud. The arrow keys move, the middle key chooses, Back goes back. "
            "Press help again to hear this page."
        ): (
            "Vorlesen. Die Pfeiltasten bewegen, die mittlere Taste wählt, Zurück geht zurück. "
            "Drücken Sie Hilfe noch einmal, um diese Seite zu hören."
        ),
        "Stop reading": "Vorlesen beenden",
        "Stop": "Stopp",
        "Seated layout: everything to touch is below, within reach.": (
            "Sitzansicht: Alles zum Berühren ist unten, in Reichweite."
        ),
        "Options": "Optionen",
        "Options: larger text, high contrast, seated, read aloud": (
            "Optionen: größere Schrift, hoher Kontrast, im Sitzen, vorlesen"
        ),
        "%1: on": "%1: an",
        "%1: off": "%1: aus",
        "Options for this visit": "Optionen für diesen Besuch",
        "Larger text": "Größere Schrift",
        "High contrast": "Hoher Kontrast",
        "Seated: everything within reach": "Im Sitzen: alles in Reichweite",
        "Read this page aloud": "Diese Seite vorlesen",
        "Quieter": "Leiser",
        "Louder": "Lauter",
        "Slower": "Langsamer",
        "Faster": "Schneller",
        "All of these go back to normal when your visit ends.": (
            "Am Ende Ihres Besuchs wird alles zurückgesetzt."
        ),
        "Index": "Register",
        "c. {x}": "um {x}",
        "early {x}": "Anfang {x}",
        "mid-{x}": "Mitte {x}",
        "late {x}": "Ende {x}",
        "night of {first}/{second}": "Nacht vom {first} auf den {second}",
        "b. {x}": "geb. {x}",
        "d. {x}": "gest. {x}",
        # Staff only.
        "Staff PIN": "Personal-PIN",
        "Clear": "Löschen",
        "OK": "OK",
        "Cancel": "Abbrechen",
        "Wrong PIN": "Falsche PIN",
        "The PIN cannot be checked. Staff: see the log.": (
            "Die PIN kann nicht geprüft werden. Personal: siehe Protokoll."
        ),
        "Locked. Try again in %n second(s).": {
            "one": "Gesperrt. Neuer Versuch in %n Sekunde.",
            "other": "Gesperrt. Neuer Versuch in %n Sekunden.",
        },
        "Locked. Try again in %1.": "Gesperrt. Neuer Versuch in %1.",
        "Looking for exhibit packs…": "Suche nach Ausstellungspaketen…",
        "Installed: %1": "Installiert: %1",
        "Not installed: %1": "Nicht installiert: %1",
        "Going back…": "Wird zurückgesetzt…",
        "Back to %1": "Wieder auf %1",
        "Could not stop for maintenance: %1": "Anhalten zur Wartung nicht möglich: %1",
        "Staff panel": "Personalbereich",
        "Exhibit": "Ausstellung",
        "Folder": "Ordner",
        "Validation": "Prüfung",
        "Software": "Software",
        "Running for": "Läuft seit",
        "Recent warnings and errors": "Letzte Warnungen und Fehler",
        "None": "Keine",
        "Reload exhibit": "Ausstellung neu laden",
        "Display test": "Bildschirmtest",
        "Leave kiosk mode": "Kioskmodus verlassen",
        "Quit": "Beenden",
        "Stop for maintenance": "Zur Wartung anhalten",
        "Installed exhibits": "Installierte Ausstellungen",
        "None from packs yet: the exhibit shown is the one shipped with the kiosk or named in "
        "the configuration.": (
            "Noch keine aus Paketen: Gezeigt wird die Ausstellung, die mit dem Kiosk geliefert "
            "wurde oder in der Konfiguration steht."
        ),
        "previous %1": "vorherige %1",
        "shown": "angezeigt",
        "Go back to %1": "Zurück zu %1",
        "Install from USB stick": "Vom USB-Stick installieren",
        "Switch to another exhibit": "Andere Ausstellung zeigen",
    },
    "az": {
        "Caption": "İzahat",
        "In this photograph:": "Bu fotoşəkildə:",
        "People on this page:": "Bu səhifədəki şəxslər:",
        "Catalogue number": "İnventar nömrəsi",
        "Credit": "Mənbə",
        "Rights": "Hüquqlar",
        "Still there?": "Hələ buradasınız?",
        "The exhibit starts over in %n second(s).": {
            "one": "Sərgi %n saniyədən sonra yenidən başlayacaq.",
            "other": "Sərgi %n saniyədən sonra yenidən başlayacaq.",
        },
        "Continue": "Davam et",
        "Start over": "Yenidən başla",
        "Close": "Bağla",
        "Glossary": "Lüğət",
        "Story": "Tarixçə",
        "Sections": "Bölmələr",
        "People": "Şəxslər",
        "Photographs": "Fotoşəkillər",
        "Touch to explore": "Tanış olmaq üçün toxunun",
        "Real surname": "Əsl soyadı",
        "Born": "Doğum adı",
        "Party pseudonym": "Partiya təxəllüsü",
        "Pseudonym": "Təxəllüs",
        "Nickname": "Ləqəb",
        "Also spelt": "Başqa yazılışı",
        "Also known as": "Başqa adı",
        "One moment…": "Bir anlıq…",
        "Navigation": "Naviqasiya",
        "Home": "Ana səhifə",
        "Back": "Geri",
        "Previous": "Əvvəlki",
        "Next": "Növbəti",
        "%1 · %2 of %3": "%1 · %2 / %3",
        "Appears in": "Fotoşəkillərdə",
        "Previous person": "Əvvəlki şəxs",
        "Next person": "Növbəti şəxs",
        "Previous photograph": "Əvvəlki fotoşəkil",
        "Next photograph": "Növbəti fotoşəkil",
        "Hide caption": "İzahatı gizlət",
        "Pinch or double-tap the photograph to zoom": (
            "Böyütmək üçün fotoşəkli iki barmaqla aralayın və ya iki dəfə toxunun"
        ),
        "Language": "Dil",
        "Chronology": "Xronologiya",
        "This exhibit is not available just now. Please come back soon.": (
            "Bu sərgi hazırda əlçatan deyil. Zəhmət olmasa, bir az sonra yenə gəlin."
        ),
        "Language: %1": "Dil: %1",
        (
            "Reading aloud. The arrow keys move, the middle key chooses, Back goes back. "
            "Press help again to hear this page."
        ): (
            "Səsli oxu. Oxlar hərəkət etdirir, orta düymə seçir, Geri geri qaytarır. Bu "
            "səhifəni eşitmək üçün Kömək düyməsini yenə basın."
        ),
        "Stop reading": "Oxumağı dayandır",
        "Stop": "Dayan",
        "Seated layout: everything to touch is below, within reach.": (
            "Oturaq görünüş: toxunulacaq hər şey aşağıda, əl çatan yerdədir."
        ),
        "Options": "Seçimlər",
        "Options: larger text, high contrast, seated, read aloud": (
            "Seçimlər: iri mətn, yüksək kontrast, oturaq, səsli oxu"
        ),
        "%1: on": "%1: açıq",
        "%1: off": "%1: bağlı",
        "Options for this visit": "Bu ziyarət üçün seçimlər",
        "Larger text": "İri mətn",
        "High contrast": "Yüksək kontrast",
        "Seated: everything within reach": "Oturaq: hər şey əl çatan yerdə",
        "Read this page aloud": "Bu səhifəni səsli oxu",
        "Quieter": "Daha sakit",
        "Louder": "Daha ucadan",
        "Slower": "Daha yavaş",
        "Faster": "Daha sürətli",
        "All of these go back to normal when your visit ends.": (
            "Ziyarətiniz bitəndə hamısı əvvəlki halına qayıdır."
        ),
        "Index": "Göstərici",
        "c. {x}": "təqribən {x}",
        "early {x}": "{x} əvvəlləri",
        "mid-{x}": "{x} ortaları",
        "late {x}": "{x} sonları",
        "night of {first}/{second}": "{first}/{second} gecəsi",
        "b. {x}": "doğ. {x}",
        "d. {x}": "vəf. {x}",
        # Staff only.
        "Staff PIN": "Əməkdaş PIN-kodu",
        "Clear": "Təmizlə",
        "OK": "OK",
        "Cancel": "İmtina",
        "Wrong PIN": "Yanlış PIN-kod",
        "The PIN cannot be checked. Staff: see the log.": (
            "PIN-kodu yoxlamaq mümkün deyil. Əməkdaşlar: jurnala baxın."
        ),
        "Locked. Try again in %n second(s).": {
            "one": "Bağlıdır. %n saniyədən sonra yenidən cəhd edin.",
            "other": "Bağlıdır. %n saniyədən sonra yenidən cəhd edin.",
        },
        "Locked. Try again in %1.": "Bağlıdır. %1 sonra yenidən cəhd edin.",
        "Looking for exhibit packs…": "Sərgi paketləri axtarılır…",
        "Installed: %1": "Quraşdırıldı: %1",
        "Not installed: %1": "Quraşdırılmadı: %1",
        "Going back…": "Əvvəlki versiyaya qayıdılır…",
        "Back to %1": "Yenidən %1",
        "Could not stop for maintenance: %1": "Texniki xidmət üçün dayandırmaq alınmadı: %1",
        "Staff panel": "Əməkdaş paneli",
        "Exhibit": "Sərgi",
        "Folder": "Qovluq",
        "Validation": "Yoxlama",
        "Software": "Proqram təminatı",
        "Running for": "İş müddəti",
        "Recent warnings and errors": "Son xəbərdarlıqlar və xətalar",
        "None": "Yoxdur",
        "Reload exhibit": "Sərgini yenidən yüklə",
        "Display test": "Ekran testi",
        "Leave kiosk mode": "Kiosk rejimindən çıx",
        "Quit": "Çıxış",
        "Stop for maintenance": "Texniki xidmət üçün dayandır",
        "Installed exhibits": "Quraşdırılmış sərgilər",
        "None from packs yet: the exhibit shown is the one shipped with the kiosk or named in "
        "the configuration.": (
            "Paketlərdən hələ heç nə yoxdur: göstərilən sərgi kiosk ilə gələn və ya "
            "konfiqurasiyada adı çəkilən sərgidir."
        ),
        "previous %1": "əvvəlki %1",
        "shown": "göstərilir",
        "Go back to %1": "%1 versiyasına qayıt",
        "Install from USB stick": "USB yaddaşdan quraşdır",
        "Switch to another exhibit": "Başqa sərgiyə keç",
    },
    "he": {
        "Caption": "כיתוב",
        "In this photograph:": "בתצלום זה:",
        "People on this page:": "אנשים בעמוד זה:",
        "Catalogue number": "מספר קטלוגי",
        "Credit": "קרדיט",
        "Rights": "זכויות",
        "Still there?": "עדיין כאן?",
        "The exhibit starts over in %n second(s).": {
            "one": "התערוכה תתחיל מחדש בעוד שנייה.",
            "two": "התערוכה תתחיל מחדש בעוד שתי שניות.",
            "other": "התערוכה תתחיל מחדש בעוד %n שניות.",
        },
        "Continue": "המשך",
        "Start over": "התחלה מחדש",
        "Close": "סגירה",
        "Glossary": "מילון מונחים",
        "Story": "הסיפור",
        "Sections": "מדורים",
        "People": "אישים",
        "Photographs": "תצלומים",
        "Touch to explore": "געו כדי לגלות",
        "Real surname": "שם המשפחה האמיתי",
        "Born": "שם לידה",
        "Party pseudonym": "כינוי מפלגתי",
        "Pseudonym": "שם בדוי",
        "Nickname": "כינוי",
        "Also spelt": "כתיב נוסף",
        "Also known as": "מוכר גם בשם",
        "One moment…": "רק רגע…",
        "Navigation": "ניווט",
        "Home": "דף הבית",
        "Back": "חזרה",
        "Previous": "הקודם",
        "Next": "הבא",
        "%1 · %2 of %3": "%1 · %2 מתוך %3",
        "Appears in": "מופיע בתצלומים",
        "Previous person": "האדם הקודם",
        "Next person": "האדם הבא",
        "Previous photograph": "התצלום הקודם",
        "Next photograph": "התצלום הבא",
        "Hide caption": "הסתרת הכיתוב",
        "Pinch or double-tap the photograph to zoom": "להגדלה צבטו את התצלום או הקישו עליו פעמיים",
        "Language": "שפה",
        "Chronology": "ציר זמן",
        "This exhibit is not available just now. Please come back soon.": (
            "התערוכה אינה זמינה כרגע. אנא חזרו בקרוב."
        ),
        "Language: %1": "שפה: %1",
        (
            "Reading aloud. The arrow keys move, the middle key chooses, Back goes back. "
            "Press help again to hear this page."
        ): (
            "הקראה. החיצים מזיזים, המקש האמצעי בוחר, חזרה חוזר. לחצו שוב על עזרה כדי לשמוע את הדף."
        ),
        "Stop reading": "הפסקת ההקראה",
        "Stop": "עצירה",
        "Seated layout: everything to touch is below, within reach.": (
            "תצוגה בישיבה: כל מה שנוגעים בו למטה, בהישג יד."
        ),
        "Options": "אפשרויות",
        "Options: larger text, high contrast, seated, read aloud": (
            "אפשרויות: טקסט גדול, ניגודיות גבוהה, בישיבה, הקראה"
        ),
        "%1: on": "%1: פועל",
        "%1: off": "%1: כבוי",
        "Options for this visit": "אפשרויות לביקור זה",
        "Larger text": "טקסט גדול",
        "High contrast": "ניגודיות גבוהה",
        "Seated: everything within reach": "בישיבה: הכול בהישג יד",
        "Read this page aloud": "הקראת הדף",
        "Quieter": "שקט יותר",
        "Louder": "חזק יותר",
        "Slower": "לאט יותר",
        "Faster": "מהר יותר",
        "All of these go back to normal when your visit ends.": "הכול יחזור לקדמותו בסוף הביקור.",
        "Index": "מפתח",
        "c. {x}": "בסביבות {x}",
        "early {x}": "תחילת {x}",
        "mid-{x}": "אמצע {x}",
        "late {x}": "סוף {x}",
        "night of {first}/{second}": "ליל {first}/{second}",
        "b. {x}": "לידה: {x}",
        "d. {x}": "פטירה: {x}",
        # Staff only.
        "Staff PIN": "קוד צוות",
        "Clear": "ניקוי",
        "OK": "אישור",
        "Cancel": "ביטול",
        "Wrong PIN": "קוד שגוי",
        "The PIN cannot be checked. Staff: see the log.": (
            "לא ניתן לבדוק את הקוד. לצוות: ראו ביומן."
        ),
        "Locked. Try again in %n second(s).": {
            "one": "נעול. נסו שוב בעוד שנייה.",
            "two": "נעול. נסו שוב בעוד שתי שניות.",
            "other": "נעול. נסו שוב בעוד %n שניות.",
        },
        "Locked. Try again in %1.": "נעול. נסו שוב בעוד %1.",
        "Looking for exhibit packs…": "מחפש חבילות תערוכה…",
        "Installed: %1": "הותקן: %1",
        "Not installed: %1": "לא הותקן: %1",
        "Going back…": "חוזר לגרסה הקודמת…",
        "Back to %1": "הוחזר אל %1",
        "Could not stop for maintenance: %1": "לא ניתן לעצור לתחזוקה: %1",
        "Staff panel": "לוח צוות",
        "Exhibit": "תערוכה",
        "Folder": "תיקייה",
        "Validation": "בדיקת תקינות",
        "Software": "תוכנה",
        "Running for": "זמן פעולה",
        "Recent warnings and errors": "אזהרות ושגיאות אחרונות",
        "None": "אין",
        "Reload exhibit": "טעינה מחדש של התערוכה",
        "Display test": "בדיקת תצוגה",
        "Leave kiosk mode": "יציאה ממצב קיוסק",
        "Quit": "יציאה",
        "Stop for maintenance": "עצירה לתחזוקה",
        "Installed exhibits": "תערוכות מותקנות",
        "None from packs yet: the exhibit shown is the one shipped with the kiosk or named in "
        "the configuration.": (
            "עדיין אין תערוכות מחבילות: מוצגת התערוכה שסופקה עם הקיוסק או זו שצוינה בהגדרות."
        ),
        "previous %1": "הקודמת: %1",
        "shown": "מוצגת",
        "Go back to %1": "חזרה אל %1",
        "Install from USB stick": "התקנה מכונן USB",
        "Switch to another exhibit": "מעבר לתערוכה אחרת",
    },
}


def _t(*texts: str) -> dict[str, str]:
    """A language map from one text per language, in ``LANGS`` order."""
    return dict(zip(LANGS, texts, strict=True))


def _is_lang_map(value: Any) -> bool:
    return isinstance(value, dict) and bool(value) and set(value) <= set(LANGS) and "en" in value


def _add_language(value: Any, lang: str) -> None:
    """Give every LangText and Paragraphs below ``value`` a text in ``lang`` (in place): its
    table's rendering of the English, else the English after the table's phrase."""
    table, untranslated = ADDED[lang]
    if isinstance(value, list):
        for item in value:
            _add_language(item, lang)
    elif isinstance(value, dict):
        for k, v in value.items():
            if k in ("forms", "ui"):  # lists of word forms, not texts
                continue
            if _is_lang_map(v) and lang not in v:
                en = v["en"]
                if isinstance(en, list):
                    v[lang] = [untranslated + p for p in en]
                else:
                    v[lang] = table.get(en, untranslated + en)
            else:
                _add_language(v, lang)


def _lengthen(text: dict[str, str], extras: dict[str, list[str]]) -> None:
    """Make each language's text at least three times as long, from varied extra words."""
    for lang, base in list(text.items()):
        out, i = base, 0
        while len(out) < 3 * len(base):
            out += " — " + extras[lang][i % len(extras[lang])]
            i += 1
        text[lang] = out


def _image(path: Path, size: tuple[int, int], colour: tuple[int, int, int]) -> None:
    """A flat stand-in picture with a darker rectangle inset, JPEG quality 60."""
    path.parent.mkdir(parents=True, exist_ok=True)
    img = Image.new("RGB", size, colour)
    w, h = size
    dark = tuple(c // 2 for c in colour)
    ImageDraw.Draw(img).rectangle((w // 8, h // 8, w - w // 8, h - h // 8), outline=dark, width=4)
    img.save(path, "JPEG", quality=60)


def _caption(title: dict[str, str], number: str, alt: dict[str, str]) -> dict[str, Any]:
    return {
        "title": title,
        "date": {"year": 1920},
        "place": _t("Baku", "Баку", "Baku", "Bakı", "באקו"),
        "inventory_number": _t(
            f"STRESS {number}",
            f"СТРЕСС {number}",
            f"STRESS {number}",
            f"STRESS {number}",
            f"STRESS {number}",
        ),
        "credit": _t(
            "Stand-in image made for a stress test",
            "Условное изображение для нагрузочного теста",
            "Ersatzbild für einen Belastungstest",
            "Yüklənmə testi üçün hazırlanmış şərti təsvir",
            "תמונה חלופית שהוכנה למבחן עומס",
        ),
        "rights": _t(
            "CC0, the kiosk project",
            "CC0, проект киоска",
            "CC0, das Kioskprojekt",
            "CC0, kiosk layihəsi",
            "CC0, מיזם הקיוסק",
        ),
        "alt": alt,
    }


FIRST = [
    ("Ivan", "Иван", "Iwan", "İvan", "איוון"),
    ("Nikolai", "Николай", "Nikolai", "Nikolay", "ניקולאי"),
    ("Ali", "Али", "Ali", "Əli", "עלי"),
    ("Pyotr", "Пётр", "Pjotr", "Pyotr", "פיוטר"),
    ("Hasan", "Гасан", "Hasan", "Həsən", "חסן"),
    ("Yakov", "Яков", "Jakow", "Yakov", "יעקב"),
    ("Mikhail", "Михаил", "Michail", "Mixail", "מיכאיל"),
    ("Mirza", "Мирза", "Mirza", "Mirzə", "מירזה"),
]
SURNAMES = [
    ("Mamedov", "Мамедов", "Mamedow", "Məmmədov", "ממדוב"),
    ("Aliyev", "Алиев", "Alijew", "Əliyev", "אלייב"),
    ("Petrov", "Петров", "Petrow", "Petrov", "פטרוב"),
    ("Huseynov", "Гусейнов", "Husseinow", "Hüseynov", "חוסיינוב"),
    ("Sokolov", "Соколов", "Sokolow", "Sokolov", "סוקולוב"),
    ("Karayev", "Караев", "Karajew", "Qarayev", "קראייב"),
    ("Volkov", "Волков", "Wolkow", "Volkov", "וולקוב"),
    ("Rzayev", "Рзаев", "Rsajew", "Rzayev", "רזאייב"),
    ("Orlov", "Орлов", "Orlow", "Orlov", "אורלוב"),
]
SUMMARIES = [
    (
        "Oil worker in Baku",
        "Нефтяник из Баку",
        "Ölarbeiter in Baku",
        "Bakılı neftçi",
        "פועל נפט בבאקו",
    ),
    (
        "Sailor of the Volga-Caspian flotilla",
        "Моряк Волжско-Каспийской флотилии",
        "Matrose der Wolga-Kaspischen Flottille",
        "Volqa-Xəzər flotiliyasının dənizçisi",
        "מלח בשייטת וולגה–הים הכספי",
    ),
    (
        "Member of Azrevkom",
        "Член Азревкома",
        "Mitglied des Asrewkom",
        "Azinqilabkomun üzvü",
        "חבר אזרבקום",
    ),
    (
        "Railway engineer",
        "Инженер-путеец",
        "Eisenbahningenieur",
        "Dəmir yolu mühəndisi",
        "מהנדס רכבות",
    ),
    (
        "Teacher and journalist",
        "Учитель и журналист",
        "Lehrer und Journalist",
        "Müəllim və jurnalist",
        "מורה ועיתונאי",
    ),
]


def _people(bundle: dict[str, Any]) -> None:
    """Stress 3 and 7: 40 people, one without a portrait, one with a very long biography,
    and sort names that order them differently from the file."""
    images = Path(bundle["_root"]) / "images"
    for n in range(5, 41):
        i = n - 5
        first, last = FIRST[i % len(FIRST)], SURNAMES[(7 * i) % len(SURNAMES)]
        pid = f"person-{n:02d}"
        summary = SUMMARIES[i % len(SUMMARIES)]
        name = _t(*(f"{f} {s}" for f, s in zip(first, last, strict=True)))
        person: dict[str, Any] = {
            "id": pid,
            "name": name,
            "born": {"year": 1875 + (i * 7) % 25},
            "died": {"year": 1925 + (i * 11) % 40},
            "summary": _t(*summary),
            "biography": {
                "en": [f"{name['en']}: {summary[0].lower()}, a witness of the events of 1920."],
                "ru": [f"{name['ru']}: {summary[1].lower()}, свидетель событий 1920 года."],
                "de": [f"{name['de']}: {summary[2]}, ein Zeuge der Ereignisse von 1920."],
                "az": [f"{name['az']}: {summary[3]}, 1920-ci il hadisələrinin şahidi."],
                "he": [f"{name['he']}: {summary[4]}, עד לאירועי 1920."],
            },
        }
        if i % 2 == 0:  # sorts by surname, while the file is in generation order
            person["sort_name"] = _t(*(f"{s}, {f}" for f, s in zip(first, last, strict=True)))
        if n != 40:  # person-40 has no portrait
            mid = f"{pid}-portrait"
            person["portrait"] = mid
            _image(images / f"{pid}.jpg", (480, 600), (120 + i * 3, 100 + i * 2, 80 + i))
            alt = _t(
                f"Stand-in portrait of {name['en']}",
                f"Условный портрет: {name['ru']}",
                f"Ersatzporträt von {name['de']}",
                f"Şərti portret: {name['az']}",
                f"דיוקן חלופי של {name['he']}",
            )
            bundle["media"].append(
                {
                    "id": mid,
                    "file": f"images/{pid}.jpg",
                    "kind": "portrait",
                    **_caption(name, f"P-{n:02d}", alt),
                    "people": [pid],
                }
            )
        bundle["people"].append(person)
    # Five times the longest default biography: repeat its paragraphs.
    longest = max(bundle["people"][:4], key=lambda p: sum(len(s) for s in p["biography"]["en"]))
    longest["biography"] = {lang: paras * 5 for lang, paras in longest["biography"].items()}


PLACES = [
    ("Ganja", "Гянджа", "Gandscha", "Gəncə", "גנג׳ה"),
    ("Shusha", "Шуша", "Schuscha", "Şuşa", "שושה"),
    ("Nukha", "Нуха", "Nucha", "Nuxa", "נוחה"),
    ("Lankaran", "Ленкорань", "Lenkoran", "Lənkəran", "לנקרן"),
    ("Quba", "Куба", "Quba", "Quba", "קובה"),
    ("Shamakhi", "Шемаха", "Schemacha", "Şamaxı", "שמאחי"),
    ("Salyan", "Сальяны", "Saljany", "Salyan", "סליאן"),
    ("Agdam", "Агдам", "Agdam", "Ağdam", "אגדם"),
    ("Zaqatala", "Закаталы", "Sakatala", "Zaqatala", "זקטלה"),
    ("Kurdamir", "Кюрдамир", "Kürdämir", "Kürdəmir", "קורדמיר"),
    ("Aghsu", "Ахсу", "Achsu", "Ağsu", "אגסו"),
]
KINDS = [
    (
        "revkom",
        (
            "Revolutionary committee",
            "Ревком",
            "Revolutionskomitee",
            "İnqilab komitəsi",
            "ועד מהפכני",
        ),
        (
            "The revolutionary committee that ran {} after the Red Army arrived in 1920.",
            "Революционный комитет, управлявший городом ({}) после прихода Красной армии.",
            "Das Revolutionskomitee, das {} nach der Ankunft der Roten Armee verwaltete.",
            "1920-ci ildə Qırmızı Ordu gəldikdən sonra {} şəhərini idarə edən inqilab komitəsi.",
            "הוועד המהפכני ששלט ב{} לאחר בוא הצבא האדום ב־1920.",
        ),
    ),
    (
        "partkom",
        ("Party committee", "Партком", "Parteikomitee", "Partiya komitəsi", "ועד המפלגה"),
        (
            "The local committee of the Azerbaijan Communist Party in {}.",
            "Местный комитет Коммунистической партии Азербайджана (город {}).",
            "Das örtliche Komitee der Kommunistischen Partei Aserbaidschans in {}.",
            "Azərbaycan Kommunist Partiyasının {} şəhərindəki yerli komitəsi.",
            "הוועד המקומי של המפלגה הקומוניסטית של אזרבייג׳ן ב{}.",
        ),
    ),
    (
        "garrison",
        ("Garrison", "Гарнизон", "Garnison", "Qarnizon", "חיל המצב"),
        (
            "The troops stationed in {} in 1920 and the command responsible for them.",
            "Войска, стоявшие в 1920 году в городе {}, и их командование.",
            "Die 1920 in {} stationierten Truppen und ihre Führung.",
            "1920-ci ildə {} şəhərində yerləşən qoşunlar və onların komandanlığı.",
            "הכוחות שהוצבו ב{} ב־1920 והפיקוד עליהם.",
        ),
    ),
    (
        "soviet",
        (
            "Soviet of deputies",
            "Совет депутатов",
            "Sowjet der Deputierten",
            "Deputatlar Soveti",
            "מועצת הצירים",
        ),
        (
            "The elected council of workers' and peasants' deputies of {}.",
            "Выборный совет рабочих и крестьянских депутатов (город {}).",
            "Der gewählte Rat der Arbeiter- und Bauerndeputierten von {}.",
            "{} şəhərinin fəhlə və kəndli deputatlarının seçkili şurası.",
            "המועצה הנבחרת של צירי הפועלים והאיכרים ב{}.",
        ),
    ),
    (
        "station",
        (
            "Railway station",
            "Железнодорожная станция",
            "Bahnhof",
            "Dəmir yolu stansiyası",
            "תחנת רכבת",
        ),
        (
            "The railway station of {}, used by armoured trains and supply transports.",
            "Железнодорожная станция (город {}), через которую шли бронепоезда и снабжение.",
            "Der Bahnhof von {}, genutzt von Panzerzügen und Nachschubtransporten.",
            "{} dəmir yolu stansiyası: zirehli qatarlar və təchizat qatarları buradan keçirdi.",
            "תחנת הרכבת של {}, ששימשה רכבות משוריינות ומשלוחי אספקה.",
        ),
    ),
]
TEN_SENTENCES = {
    "en": (
        "A revolutionary committee was an emergency body of Soviet power. "
        "It was formed by the party, not elected. "
        "It took over the offices of the old administration. "
        "It appointed commissars for food, transport and order. "
        "It requisitioned grain, horses and carts. "
        "It published decrees on posters and in newspapers. "
        "It disarmed the old police and gendarmes. "
        "It reported to the revolutionary committee above it. "
        "It was meant to last only until a soviet was elected. "
        "In many districts it lasted for more than a year."
    ),
    "ru": (
        "Ревком был чрезвычайным органом советской власти. "
        "Его образовывала партия, а не выборы. "
        "Он принимал учреждения прежней администрации. "
        "Он назначал комиссаров по продовольствию, транспорту и охране порядка. "
        "Он реквизировал зерно, лошадей и повозки. "
        "Он объявлял декреты на плакатах и в газетах. "
        "Он разоружал прежнюю полицию и жандармов. "
        "Он подчинялся вышестоящему ревкому. "
        "Он должен был действовать лишь до выборов совета. "
        "Во многих уездах он просуществовал больше года."
    ),
    "de": (
        "Ein Revolutionskomitee war ein Notorgan der Sowjetmacht. "
        "Es wurde von der Partei gebildet, nicht gewählt. "
        "Es übernahm die Ämter der alten Verwaltung. "
        "Es ernannte Kommissare für Versorgung, Verkehr und Ordnung. "
        "Es beschlagnahmte Getreide, Pferde und Wagen. "
        "Es verkündete Dekrete auf Plakaten und in Zeitungen. "
        "Es entwaffnete die alte Polizei und die Gendarmen. "
        "Es unterstand dem übergeordneten Revolutionskomitee. "
        "Es sollte nur bis zur Wahl eines Sowjets bestehen. "
        "In vielen Kreisen bestand es länger als ein Jahr."
    ),
    "az": (
        "İnqilab komitəsi sovet hakimiyyətinin fövqəladə orqanı idi. "
        "Onu seçki yolu ilə deyil, partiya yaradırdı. "
        "O, köhnə idarəçiliyin idarələrini ələ keçirirdi. "
        "O, ərzaq, nəqliyyat və asayiş üzrə komissarlar təyin edirdi. "
        "O, taxılı, atları və arabaları müsadirə edirdi. "
        "O, dekretləri plakatlarda və qəzetlərdə elan edirdi. "
        "O, köhnə polisi və jandarmları tərksilah edirdi. "
        "O, yuxarı inqilab komitəsinə tabe idi. "
        "O, yalnız sovet seçilənədək fəaliyyət göstərməli idi. "
        "Bir çox qəzalarda o, bir ildən artıq fəaliyyət göstərdi."
    ),
    "he": (
        "ועד מהפכני היה גוף חירום של השלטון הסובייטי. "
        "הוא הוקם בידי המפלגה ולא נבחר. "
        "הוא השתלט על משרדי המִנהל הישן. "
        "הוא מינה קומיסרים לאספקה, לתחבורה ולסדר הציבורי. "
        "הוא החרים תבואה, סוסים ועגלות. "
        "הוא פרסם צווים בכרזות ובעיתונים. "
        "הוא פירק מנשקם את המשטרה והז׳נדרמים הישנים. "
        "הוא היה כפוף לוועד המהפכני שמעליו. "
        "הוא נועד לפעול רק עד שתיבחר מועצה. "
        "במחוזות רבים הוא פעל יותר משנה."
    ),
}


def _glossary(bundle: dict[str, Any]) -> None:
    """Stress 4 and 7: 55 more terms (60 in all), grouped by kind in the file, so sorting
    by term orders them differently; one definition of ten sentences. (Glossary terms have
    no sort_name field in format 1: they sort by their text.)"""
    for kid, term, definition in KINDS:
        for pid, place in zip(range(len(PLACES)), PLACES, strict=True):
            bundle["glossary"].append(
                {
                    "id": f"{kid}-{pid:02d}",
                    "term": _t(*(f"{k}: {p}" for k, p in zip(term, place, strict=True))),
                    "definition": _t(
                        *(d.format(p) for d, p in zip(definition, place, strict=True))
                    ),
                }
            )
    bundle["glossary"][5]["definition"] = dict(TEN_SENTENCES)


def _media(bundle: dict[str, Any]) -> None:
    """Stress 5 and 6: a panorama, a tall document and a tiny original, all in the
    Photographs gallery (every media item but a portrait used only as one); a story page
    with four pictures."""
    images = Path(bundle["_root"]) / "images"
    new = [
        ("stress-panorama", "photo", (6000, 1000), (90, 110, 130), "S-1"),
        ("stress-document", "document", (1000, 5000), (200, 190, 160), "S-2"),
        ("stress-tiny", "photo", (160, 120), (150, 120, 90), "S-3"),
    ]
    titles = {
        "stress-panorama": _t(
            "Panorama of the Baku oil fields",
            "Панорама бакинских нефтепромыслов",
            f"Panorama der Ölfelder von Baku, aufgenommen von der {COMPOUND}",
            "Bakı neft mədənlərinin panoraması",
            "פנורמה של שדות הנפט של באקו",
        ),
        "stress-document": _t(
            "Decree of Azrevkom, a long sheet",
            "Декрет Азревкома, длинный лист",
            "Erlass des Asrewkom, ein langes Blatt",
            "Azinqilabkomun dekreti, uzun vərəq",
            "צו של אזרבקום, גיליון ארוך",
        ),
        "stress-tiny": _t(
            "A small print", "Маленький отпечаток", "Ein kleiner Abzug", "Kiçik çap", "הדפס קטן"
        ),
    }
    for mid, kind, size, colour, number in new:
        _image(images / f"{mid}.jpg", size, colour)
        title = titles[mid]
        alt = _t(
            f"Stand-in plate, {size[0]}×{size[1]}",
            f"Условное изображение, {size[0]}×{size[1]}",
            f"Ersatzbild, {size[0]}×{size[1]}",
            f"Şərti təsvir, {size[0]}×{size[1]}",
            f"תמונה חלופית, {size[0]}×{size[1]}",
        )
        item = {
            "id": mid,
            "file": f"images/{mid}.jpg",
            "kind": kind,
            **_caption(title, number, alt),
        }
        bundle["media"].append(item)
    page = next(p for p in bundle["story"] if p["id"] == "eleventh-army")
    page["media"] = ["f-iii-541", "f-iii-15332", "stress-panorama", "stress-tiny"]
    # The document on a page too, or validate warns that it is used nowhere.
    next(p for p in bundle["story"] if p["id"] == "azrevkom")["media"] = ["stress-document"]


def make_stress_bundle(dest: Path) -> Path:
    """Write the stress exhibit into ``dest/"stress"`` (replacing it) and return that folder."""
    root = Path(dest) / "stress"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(DEFAULT_BUNDLE, root)
    bundle = json.loads((root / "bundle.json").read_text(encoding="utf-8"))

    # Stress 2: five languages. Every text of the default bundle gets German, Azerbaijani
    # and Hebrew (right to left), and the bundle gives the UI's own words in each of them.
    bundle["id"] = "baku-1920-stress"
    bundle["name"] += " — stress test"
    for lang in ADDED:
        bundle["languages"].append(lang)
        _add_language(bundle, lang)
    assert tuple(bundle["languages"]) == LANGS
    bundle["ui"] = json.loads(json.dumps(UI_WORDS))  # a copy: callers may change the bundle
    # ...and the long compound in the title, a story paragraph and a media title (below).
    bundle["story"][0]["body"]["de"] = [
        "Im April 1920 rückte die Kaukasusfront der Roten Armee nach Aserbaidschan vor.",
        f"Auch die {COMPOUND} stellte ihre Schiffe zur Verfügung.",
    ]

    # Stress 1: the exhibit's and every page's title three times as long.
    title = bundle["exhibit"]["title"]
    _lengthen(
        title,
        {
            "en": ["uprising, armoured trains and the 11th Army", "April and May 1920"],
            "ru": ["восстание, бронепоезда и 11-я армия", "апрель и май 1920 года"],
            "de": [COMPOUND, "April und Mai 1920"],
            "az": ["üsyan, zirehli qatarlar və 11-ci Ordu", "aprel və may 1920"],
            "he": ["מרד, רכבות משוריינות והארמייה ה־11", "אפריל ומאי 1920"],
        },
    )
    for page in bundle["story"]:
        _lengthen(
            page["title"],
            {
                "en": ["as the museum tells it", "day by day in Baku", "April and May 1920"],
                "ru": ["рассказ музея", "день за днём в Баку", "апрель и май 1920 года"],
                "de": ["wie das Museum erzählt", "Tag für Tag in Baku", "April und Mai 1920"],
                "az": ["muzeyin nəql etdiyi kimi", "Bakıda gündən-günə", "aprel və may 1920"],
                "he": ["כפי שהמוזיאון מספר", "יום אחר יום בבאקו", "אפריל ומאי 1920"],
            },
        )

    bundle["_root"] = str(root)  # for the helpers; removed before writing
    _people(bundle)
    _glossary(bundle)
    _media(bundle)
    del bundle["_root"]

    with (root / "bundle.json").open("w", encoding="utf-8") as f:
        json.dump(bundle, f, ensure_ascii=False, indent=2)
        f.write("\n")
    return root


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m tests.stress OUT_DIR")
    print(make_stress_bundle(Path(sys.argv[1])))
