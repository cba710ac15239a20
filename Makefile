# The two commands of the README's quick start: `make run` and `make test`.
# Each makes its own virtual environment from pyproject.toml, so a fresh machine needs only
# Python 3.11+ and make.

# PySide6 6.12.0 drops a reference to None or True on many calls from Python. On Python
# 3.11 those objects are mortal and the process aborts after a few thousand calls; from
# 3.12 on they are immortal and the leak is harmless. So take the newest Python 3.12+
# there is (pyenv's included), and Python 3.11 only when there is nothing newer.
PYTHON ?= $(shell for p in python3.13 python3.12 \
	$(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3) \
	$(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3) python3; do \
	$$p -c 'import sys; assert sys.version_info >= (3, 11)' >/dev/null 2>&1 && { echo $$p; break; }; done)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DIST_STAMP := $(VENV)/.installed-dist

.PHONY: run test translations resources schema standins screenshots bench bench-check bench-browser clean dist \
	test-dist build-deps
.PHONY: deb kit test-deb
.PHONY: qmltypes qmllint
.PHONY: fuzz

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "kiosk needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

run: $(STAMP)
	$(BIN)/kiosk run $(BUNDLE)

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest --ignore=tests/packaging

# The bundle fuzzer at length (tests/fuzz): 5,000 drawn valid bundles and 5,000 broken ones
# (FUZZ_EXAMPLES=N for N of each), none of which may make loading raise. `make test` runs
# 150 of each.
FUZZ_EXAMPLES ?= 5000

fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) QT_QPA_PLATFORM=offscreen \
		$(BIN)/pytest -p no:cacheprovider tests/fuzz -q --hypothesis-show-statistics

# Regenerate what is generated from resources/ and the models (all committed; tests fail
# when any is stale). `make translations` collects new UI strings into the .ts files for
# translators; `make resources` compiles translations and the QML module.
QML_FILES := $(shell find resources/qml -name '*.qml')
TS_FILES  := $(wildcard resources/i18n/*.ts)

TR_SOURCES = $(QML_FILES) $(wildcard kiosk/ui/*.py)

# kiosk_en.ts holds only plural forms ("1 second", "2 seconds"); English is the source.
translations: $(STAMP)
	$(BIN)/pyside6-lupdate $(TR_SOURCES) -no-obsolete -locations none -ts resources/i18n/kiosk_ru.ts
	$(BIN)/pyside6-lupdate $(TR_SOURCES) -no-obsolete -locations none -pluralonly -ts resources/i18n/kiosk_en.ts

resources: $(STAMP)
	for ts in $(TS_FILES); do $(BIN)/pyside6-lrelease $$ts -qm $${ts%.ts}.qm; done
	$(BIN)/pyside6-rcc resources/kiosk.qrc -o kiosk/_resources_rc.py

# Type information for the Python types QML imports (Kiosk.Backend), in build/qml for qmllint
# and qmlls (generated in a second, never committed); then qmllint over every QML file with
# every warning category on, failing on any warning (tools/qmltypes.py says which and why).
qmltypes: $(STAMP)
	$(BIN)/python tools/qmltypes.py --out build/qml

qmllint: $(STAMP)
	$(BIN)/python tools/qmltypes.py --out build/qml --lint

schema: $(STAMP)
	$(BIN)/kiosk schema --out resources/schema/bundle-v1.schema.json

standins: $(STAMP)
	$(BIN)/python data/make_baku_standins.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis

# The README's screenshots, from `kiosk render` in both orientations, scaled down.
screenshots: $(STAMP)
	rm -rf out/screens
	$(BIN)/kiosk render --out out/screens/landscape --size 1920x1080
	$(BIN)/kiosk render --out out/screens/portrait --size 1080x1920
	$(BIN)/kiosk render --out out/screens/options --size 1920x1080 --lang en --large-text --high-contrast
	$(BIN)/kiosk render --out out/screens/options --size 1080x1920 --lang en --seated
	$(BIN)/python -c "from PIL import Image; from pathlib import Path; \
	[Image.open(next(Path('out/screens').glob(s))).reduce(2).save(f'docs/screenshots/{d}', optimize=True) for s, d in ( \
	('landscape/en/*-home.png', 'home-landscape-en.png'), \
	('landscape/en/*-story-4-armoured-trains.png', 'story-landscape-en.png'), \
	('landscape/en/*-photographs.png', 'photos-landscape-en.png'), \
	('landscape/ru/*-photo-f-iii-15332.png', 'viewer-landscape-ru.png'), \
	('portrait/ru/*-home.png', 'home-portrait-ru.png'), \
	('portrait/en/*-person-raskolnikov.png', 'person-portrait-en.png'), \
	('landscape/en/*-options.png', 'options-landscape-en.png'), \
	('options/large-text+high-contrast/en/*-story-4-armoured-trains.png', 'story-large-contrast-en.png'), \
	('options/seated/en/*-story-4-armoured-trains.png', 'story-seated-portrait-en.png'))]"

# Figures against their targets (slow; not part of `make test`), and the harness's
# self-checks: each timed figure must see a delay injected into its measured path
# (`benchmarks/run.py --self-check --no-inject` is the control, which must fail).
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

bench-check: $(STAMP)
	$(BIN)/python benchmarks/run.py --self-check

# The kiosk against Chromium's kiosk mode showing the same Home as a static page, on one
# Xvfb screen of 1280x800: time to the settled screen and PSS (benchmarks/vs_browser.py;
# needs chromium and xvfb from Debian's packages).
bench-browser: $(STAMP)
	$(BIN)/python benchmarks/vs_browser.py

# What building and testing the frozen app and the .deb needs from Debian 12 (as root):
# binutils (strip, readelf), the libraries PyInstaller copies or the onedir links, Xvfb for
# the frozen kiosk-mode test, cage and Xwayland for the compositor test, systemd's tools for
# the unit checks, shellcheck and lintian for the scripts and the package, espeak-ng for the
# text-to-speech tests (tests/media/test_speech.py); D-Bus, at-spi2-core and Debian's pyatspi
# for the screen-reader tests (tests/ui/atspi.py); GStreamer's gst-play-1.0 with the base,
# good and ALSA plugins for the headphone audio tests (tests/media/test_player.py).
BUILD_DEPS := binutils xvfb xauth procps systemd udev cage xwayland shellcheck lintian espeak-ng \
	dbus at-spi2-core python3-pyatspi \
	gstreamer1.0-plugins-base-apps gstreamer1.0-tools gstreamer1.0-plugins-base \
	gstreamer1.0-plugins-good gstreamer1.0-alsa \
	fontconfig fonts-dejavu-core libfontconfig1 libdbus-1-3 libglib2.0-0 libgssapi-krb5-2 \
	libgl1 libegl1 libgl1-mesa-dri libegl-mesa0 libwayland-client0 libwayland-cursor0 \
	libwayland-egl1 libxkbcommon-x11-0 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-glx0 \
	libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 \
	libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1

build-deps:
	apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(BUILD_DEPS)

# The frozen app for gallery machines: a pruned, stripped PyInstaller onedir in dist/kiosk/
# (packaging/kiosk.spec), then checked: every library resolves, glibc <= 2.36, <= 170 MB.
# Build it on the oldest target, Debian 12: it copies system libraries from this machine.
$(DIST_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev,dist]'
	@touch $@

dist: $(DIST_STAMP)
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build \
		packaging/kiosk.spec
	$(BIN)/python packaging/check_libs.py dist/kiosk --max-mb 170

# The frozen build's own tests (they fail without `make dist`; the .deb's are `make
# test-deb`). The kiosk-mode test starts Xvfb itself, so the session's display is dropped.
test-dist: $(STAMP)
	env -u QT_QPA_PLATFORM -u DISPLAY -u WAYLAND_DISPLAY $(BIN)/pytest tests/packaging \
		--ignore=tests/packaging/test_deb.py

# The Debian package and the offline install kit (packaging/README.md). `make deb` packs the
# onedir of `make dist` (or ONEDIR=path) into dist/kiosk_<version>_amd64.deb; `make kit`
# puts it, every .deb a minimal Debian 12 lacks (apt-get download: needs the network and
# Debian 12's apt lists), install.sh and any EXHIBITS="a.kioskpack ..." into
# dist/kiosk-kit-<version>/ and its .tar. `make test-deb` tests the .deb (run as root).
ONEDIR ?= dist/kiosk

deb: $(STAMP)
	$(BIN)/python packaging/build_deb.py $(ONEDIR)

kit: $(STAMP)
	$(BIN)/python packaging/build_kit.py $(foreach pack,$(EXHIBITS),--exhibit $(pack))

test-deb: $(STAMP)
	$(BIN)/pytest tests/packaging/test_deb.py
