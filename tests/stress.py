"""A stress exhibit: the default bundle made long, crowded and trilingual.

``make_stress_bundle(dest)`` copies kiosk/exhibits/baku-1920 to ``dest/"stress"`` and
rewrites its bundle.json with extremes the UI must survive: long titles, a third language
with a very long German compound, 40 people, 60 glossary terms, a story page with four
pictures, and a panorama, a tall document and a tiny original. Deterministic: no randomness.

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

LANGS = ("en", "ru", "de")


def _t(en: str, ru: str, de: str) -> dict[str, str]:
    return {"en": en, "ru": ru, "de": de}


def _is_lang_map(value: Any) -> bool:
    return isinstance(value, dict) and bool(value) and set(value) <= set(LANGS) and "en" in value


def _add_german(value: Any, key: str = "") -> None:
    """Give every LangText and Paragraphs below ``value`` a German text (in place)."""
    if isinstance(value, list):
        for item in value:
            _add_german(item)
    elif isinstance(value, dict):
        for k, v in value.items():
            if k in ("forms", "ui"):  # lists of word forms, not texts
                continue
            if _is_lang_map(v) and "de" not in v:
                en = v["en"]
                if isinstance(en, list):
                    v["de"] = [UNTRANSLATED + p for p in en]
                else:
                    v["de"] = GERMAN.get(en, UNTRANSLATED + en)
            else:
                _add_german(v, k)


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
        "place": _t("Baku", "Баку", "Baku"),
        "inventory_number": _t(f"STRESS {number}", f"СТРЕСС {number}", f"STRESS {number}"),
        "credit": _t(
            "Stand-in image made for a stress test",
            "Условное изображение для нагрузочного теста",
            "Ersatzbild für einen Belastungstest",
        ),
        "rights": _t("CC0, the kiosk project", "CC0, проект киоска", "CC0, das Kioskprojekt"),
        "alt": alt,
    }


FIRST = [
    ("Ivan", "Иван", "Iwan"),
    ("Nikolai", "Николай", "Nikolai"),
    ("Ali", "Али", "Ali"),
    ("Pyotr", "Пётр", "Pjotr"),
    ("Hasan", "Гасан", "Hasan"),
    ("Yakov", "Яков", "Jakow"),
    ("Mikhail", "Михаил", "Michail"),
    ("Mirza", "Мирза", "Mirza"),
]
SURNAMES = [
    ("Mamedov", "Мамедов", "Mamedow"),
    ("Aliyev", "Алиев", "Alijew"),
    ("Petrov", "Петров", "Petrow"),
    ("Huseynov", "Гусейнов", "Husseinow"),
    ("Sokolov", "Соколов", "Sokolow"),
    ("Karayev", "Караев", "Karajew"),
    ("Volkov", "Волков", "Wolkow"),
    ("Rzayev", "Рзаев", "Rsajew"),
    ("Orlov", "Орлов", "Orlow"),
]
SUMMARIES = [
    ("Oil worker in Baku", "Нефтяник из Баку", "Ölarbeiter in Baku"),
    (
        "Sailor of the Volga-Caspian flotilla",
        "Моряк Волжско-Каспийской флотилии",
        "Matrose der Wolga-Kaspischen Flottille",
    ),
    ("Member of Azrevkom", "Член Азревкома", "Mitglied des Asrewkom"),
    ("Railway engineer", "Инженер-путеец", "Eisenbahningenieur"),
    ("Teacher and journalist", "Учитель и журналист", "Lehrer und Journalist"),
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
    ("Ganja", "Гянджа", "Gandscha"),
    ("Shusha", "Шуша", "Schuscha"),
    ("Nukha", "Нуха", "Nucha"),
    ("Lankaran", "Ленкорань", "Lenkoran"),
    ("Quba", "Куба", "Quba"),
    ("Shamakhi", "Шемаха", "Schemacha"),
    ("Salyan", "Сальяны", "Saljany"),
    ("Agdam", "Агдам", "Agdam"),
    ("Zaqatala", "Закаталы", "Sakatala"),
    ("Kurdamir", "Кюрдамир", "Kürdämir"),
    ("Aghsu", "Ахсу", "Achsu"),
]
KINDS = [
    (
        "revkom",
        ("Revolutionary committee", "Ревком", "Revolutionskomitee"),
        (
            "The revolutionary committee that ran {} after the Red Army arrived in 1920.",
            "Революционный комитет, управлявший городом ({}) после прихода Красной армии.",
            "Das Revolutionskomitee, das {} nach der Ankunft der Roten Armee verwaltete.",
        ),
    ),
    (
        "partkom",
        ("Party committee", "Партком", "Parteikomitee"),
        (
            "The local committee of the Azerbaijan Communist Party in {}.",
            "Местный комитет Коммунистической партии Азербайджана (город {}).",
            "Das örtliche Komitee der Kommunistischen Partei Aserbaidschans in {}.",
        ),
    ),
    (
        "garrison",
        ("Garrison", "Гарнизон", "Garnison"),
        (
            "The troops stationed in {} in 1920 and the command responsible for them.",
            "Войска, стоявшие в 1920 году в городе {}, и их командование.",
            "Die 1920 in {} stationierten Truppen und ihre Führung.",
        ),
    ),
    (
        "soviet",
        ("Soviet of deputies", "Совет депутатов", "Sowjet der Deputierten"),
        (
            "The elected council of workers' and peasants' deputies of {}.",
            "Выборный совет рабочих и крестьянских депутатов (город {}).",
            "Der gewählte Rat der Arbeiter- und Bauerndeputierten von {}.",
        ),
    ),
    (
        "station",
        ("Railway station", "Железнодорожная станция", "Bahnhof"),
        (
            "The railway station of {}, used by armoured trains and supply transports.",
            "Железнодорожная станция (город {}), через которую шли бронепоезда и снабжение.",
            "Der Bahnhof von {}, genutzt von Panzerzügen und Nachschubtransporten.",
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
        ),
        "stress-document": _t(
            "Decree of Azrevkom, a long sheet",
            "Декрет Азревкома, длинный лист",
            "Erlass des Asrewkom, ein langes Blatt",
        ),
        "stress-tiny": _t("A small print", "Маленький отпечаток", "Ein kleiner Abzug"),
    }
    for mid, kind, size, colour, number in new:
        _image(images / f"{mid}.jpg", size, colour)
        title = titles[mid]
        alt = _t(
            f"Stand-in plate, {size[0]}×{size[1]}",
            f"Условное изображение, {size[0]}×{size[1]}",
            f"Ersatzbild, {size[0]}×{size[1]}",
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

    # Stress 2: a third language. Every text of the default bundle gets German.
    bundle["languages"].append("de")
    bundle["id"] = "baku-1920-stress"
    bundle["name"] += " — stress test"
    _add_german(bundle)
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
        },
    )
    for page in bundle["story"]:
        _lengthen(
            page["title"],
            {
                "en": ["as the museum tells it", "day by day in Baku", "April and May 1920"],
                "ru": ["рассказ музея", "день за днём в Баку", "апрель и май 1920 года"],
                "de": ["wie das Museum erzählt", "Tag für Tag in Baku", "April und Mai 1920"],
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
