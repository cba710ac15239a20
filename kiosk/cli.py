"""``kiosk <verb>``: each verb imports what it needs only when it runs.

Exit status: 0 on success, 1 when a bundle is invalid (or the app failed), 2 for usage
errors, 3 when there is no display to run on.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.ui.options import Held


def _pixel_limit(args: argparse.Namespace) -> int:
    """The largest original this command accepts: --max-pixels, else the config's, else
    Pillow's default. Passed to every function that opens an image."""
    from kiosk.content.assets import DEFAULT_PIXEL_LIMIT

    limit = getattr(args, "max_pixels", None) or _load_config(args).config.max_image_pixels
    return int(limit) if limit else DEFAULT_PIXEL_LIMIT


def _max_pixels(text: str) -> int:
    """``--max-pixels``: a whole number in the config's range for ``max_image_pixels``."""
    from kiosk.config_spec import Config as Checked

    low, high = 1, None
    for rule in Checked.model_fields["max_image_pixels"].metadata:
        low = getattr(rule, "ge", low)
        high = getattr(rule, "le", high)
    try:
        value = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        value = None
    if value is None or value < low or (high is not None and value > high):
        top = f" and {high:,}" if high is not None else ""
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a pixel count between {low:,}{top} (a whole number of pixels, "
            "width × height, such as 200000000; the same range as max_image_pixels in the "
            "config)"
        )
    return value


def _deep_check(loaded: Any, limit: int) -> None:
    """``validate --deep``: decode every image that passed the header checks, fully, each
    in a worker process under the sandbox's time and memory limits; add what that finds
    to the report, with the image's JSON path."""
    from kiosk.content.assets import AssetError, resolve_asset
    from kiosk.content.load import bundle_paths
    from kiosk.media.sandbox import Check
    from kiosk.media.worker import check_all

    try:
        doc = json.loads(bundle_paths(loaded.root)[1].read_bytes())
        media = doc.get("media") if isinstance(doc, dict) else None
    except (OSError, ValueError):
        return  # bundle.json itself was reported already
    checks = []
    seen: list[set[tuple[str, str]]] = []  # each image's warnings from the header checks
    ids: set[str] = set()
    for i, item in enumerate(media if isinstance(media, list) else []):
        if not isinstance(item, dict) or item.get("id") not in loaded.images:
            continue  # no file, or one the header checks refused (reported already)
        file = item.get("file")
        if not isinstance(file, str) or item["id"] in ids:
            continue  # a second item with a used id: reported, its file never checked
        try:  # the header checks' own rules for where a file may be, once more
            resolve_asset(loaded.root, file)
        except AssetError:
            continue  # reported already
        ids.add(item["id"])
        checks.append(Check(loaded.root, file, limit, f"media[{i}].file"))
        seen.append(set(getattr(loaded.images[item["id"]], "notes", ())))
    for result, known in zip(check_all(checks), seen, strict=True):
        if result.code is not None:
            loaded.report.error(result.code, result.message or "", result.check.where)
        for code, message in result.notes:
            if (code, message) not in known:
                loaded.report.warning(code, message, result.check.where)


def _validate(args: argparse.Namespace) -> int:
    from kiosk.content import load_bundle

    limit = _pixel_limit(args)
    loaded = load_bundle(args.path, max_pixels=limit)
    if args.deep:
        _deep_check(loaded, limit)
    report = loaded.report
    ok = report.ok(strict=args.strict)
    # A lone surrogate, should one reach a message, is written as its \u escape instead of
    # stopping the report; --json is UTF-8 (valid JSON) whatever the locale says.
    if callable(reconfigure := getattr(sys.stdout, "reconfigure", None)):
        reconfigure(errors="backslashreplace", **({"encoding": "utf-8"} if args.json else {}))
    if args.json:
        doc = {
            "bundle": str(args.path),
            "valid": ok,
            "strict": args.strict,
            "errors": len(report.errors),
            "warnings": len(report.warnings),
            "problems": [p.to_json() for p in report.problems],
        }
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return 0 if ok else 1
    for problem in report.problems:
        print(problem)
    verdict = "valid" if ok else "NOT valid"
    if args.strict and report.warnings and not report.errors:
        verdict += " (--strict: warnings count as errors)"
    print(f"{args.path}: {verdict}: {report.summary()}")
    return 0 if ok else 1


def _schema(args: argparse.Namespace) -> int:
    from kiosk.content.schema import schema_text

    text = schema_text()
    if args.out is None:
        sys.stdout.write(text)
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


def _load_config(args: argparse.Namespace, *, stamped: bool = False) -> Any:
    """The config; ``stamped`` (``kiosk run``): taken from the stamp of an earlier check
    while the file is unchanged (kiosk.config.load_config)."""
    from kiosk.config import load_config, stamps_dir

    return load_config(args.config, stamps=stamps_dir() if stamped else None)


def _content_dir(config: Any) -> Path:
    from kiosk.config import default_content_dir

    root: Path = config.content_dir or default_content_dir()
    return root


def _installed_bundle(config: Any) -> Path | None:
    """The exhibit installed from packs and made current (``<content_dir>/current``)."""
    from kiosk.content.packs import shown_bundle

    return shown_bundle(_content_dir(config))


def _log_refusal(config: Any, refusal: str) -> None:
    """Put a refusal to start in the kiosk's log too (best effort: it is on stderr, the
    journal, already), so that staff reading kiosk.log see why the kiosk is not running."""
    from kiosk import logs
    from kiosk.config import default_log_dir

    try:
        logs.setup(
            config.log_dir or default_log_dir(),
            max_bytes=config.log_max_bytes,
            backups=config.log_backups,
        )
    except Exception:  # an unusable log folder: stderr has said it
        return
    logging.getLogger("kiosk.config").error("%s", " ".join(refusal.split()))


def _run(args: argparse.Namespace) -> int:
    from kiosk import logs
    from kiosk.config import default_log_dir, kiosk_mode_refusal
    from kiosk.paths import default_bundle

    loaded = _load_config(args, stamped=True)
    if args.kiosk:
        loaded.set("kiosk", True, "command line")
    if args.screen_inches is not None:
        loaded.set("screen_inches", args.screen_inches, "command line")
    config = loaded.config
    for problem in loaded.problems:
        print(f"kiosk: config: {problem}", file=sys.stderr)
    if loaded.problems and not config.kiosk:
        # In a window someone is watching: stop and say so. A kiosk starts regardless
        # (the keys at fault use their defaults) and shows the problems to staff.
        return 1
    if config.kiosk and not args.no_pin and (refusal := kiosk_mode_refusal(loaded)):
        print(refusal, file=sys.stderr)
        _log_refusal(config, refusal)
        return 2
    installed = None if (args.bundle or config.bundle) else _installed_bundle(config)
    bundle = args.bundle or config.bundle or installed or default_bundle()
    # Checked before Qt is imported, so a machine without a display gets a plain message.
    from kiosk.ui.app import NO_DISPLAY, display_available

    if not display_available():
        print(NO_DISPLAY, file=sys.stderr)
        return 3
    path = logs.setup(
        config.log_dir or default_log_dir(),
        max_bytes=config.log_max_bytes,
        backups=config.log_backups,
    )
    logging.getLogger("kiosk").info("logging to %s", path)
    for problem in loaded.problems:
        logging.getLogger("kiosk.config").error("%s", problem)
    for note in loaded.notes:
        logging.getLogger("kiosk.config").warning("%s", note)
    if loaded.stamp == "matched":
        logging.getLogger("kiosk.config").info("%s: as stamped at an earlier start", loaded.path)
    elif loaded.stamp == "not stamped: config.toml holds pin_hash":
        logging.getLogger("kiosk.config").info(
            "%s: checked in full at every start while it holds pin_hash (`kiosk set-pin` "
            "moves it to its own file)",
            loaded.path,
        )
    from kiosk.ui.app import run

    return run(
        bundle,
        config=config,
        fullscreen=args.fullscreen,
        config_problems=loaded.problems,
        # Follow the installed exhibit when no bundle was named, so that a pack installed
        # later (from a shell or the staff panel) is shown without a restart.
        follow=None if (args.bundle or config.bundle) else _content_dir(config),
    )


def _config_show(args: argparse.Namespace) -> int:
    from kiosk.config import describe

    loaded = _load_config(args)
    sys.stdout.write(describe(loaded))
    return 1 if loaded.problems else 0


def _set_pin(args: argparse.Namespace) -> int:
    import getpass

    from kiosk.config import default_path, explain_write_error, pin_path, store_pin
    from kiosk.pin import PinError, check_pin_format, hash_pin

    def ask(prompt: str) -> str:
        stdin = sys.stdin
        if stdin is None:
            raise EOFError
        if stdin.isatty():
            return getpass.getpass(prompt)
        line = stdin.readline()  # for scripts: the PIN twice, one per line
        if not line:
            raise EOFError
        return line.rstrip("\r\n")

    path = args.config or default_path()
    try:
        pin = ask("New staff PIN (4–12 digits): ")
        check_pin_format(pin)
        again = ask("The same PIN again: ")
    except PinError as exc:
        print(f"kiosk set-pin: {exc}; nothing was changed", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nkiosk set-pin: interrupted; nothing was changed", file=sys.stderr)
        return 130
    except EOFError:
        print(
            "\nkiosk set-pin: no PIN was typed (the input ended); nothing was changed",
            file=sys.stderr,
        )
        return 1
    except (OSError, UnicodeDecodeError) as exc:
        print(f"kiosk set-pin: could not read the PIN: {exc}; nothing was changed", file=sys.stderr)
        return 1
    if again != pin:
        print("kiosk set-pin: the two PINs differ; nothing was changed", file=sys.stderr)
        return 1
    target = pin_path(path)
    try:
        notes = store_pin(path, hash_pin(pin))
    except OSError as exc:
        print(
            f"kiosk set-pin: cannot write {target}: {exc.strerror or exc}; nothing was "
            f"changed. To fix: {explain_write_error(exc, target.parent)}",
            file=sys.stderr,
        )
        return 1
    print(f"kiosk set-pin: stored a salted scrypt hash of the PIN in {target}")
    for note in notes:
        print(f"kiosk set-pin: {note}")
    return 0


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size such as 1920x1080") from None
    if not (200 <= w <= 8192 and 200 <= h <= 8192):
        raise argparse.ArgumentTypeError("width and height must be between 200 and 8192")
    return w, h


def _offscreen_bundle(args: argparse.Namespace) -> Path:
    """For `render` and `proof`, which never need a display: the scene is drawn offscreen,
    warnings go to stderr; the bundle asked for, or the shipped one."""
    import os

    from kiosk.paths import default_bundle

    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    bundle: Path = args.bundle or default_bundle()
    return bundle


def _add_option_flags(p: argparse.ArgumentParser) -> None:
    """The visitor's options, held on for the whole walk of `render` or `proof`."""
    every = "on at every state"
    p.add_argument("--large-text", action="store_true", help=f"larger text (200 %%) {every}")
    p.add_argument("--high-contrast", action="store_true", help=f"high contrast {every}")
    p.add_argument("--seated", action="store_true", help=f"the seated (low reach) layout {every}")


def _held(args: argparse.Namespace) -> Held:
    """The options the flags hold on (kiosk.ui.options.Held)."""
    from kiosk.ui.options import Held

    return Held(args.large_text, args.high_contrast, args.seated)


def _render(args: argparse.Namespace) -> int:
    bundle = _offscreen_bundle(args)
    from kiosk.ui.render import RenderError, render

    try:
        paths = render(
            bundle,
            args.out,
            size=args.size,
            languages=args.lang,
            screen_inches=args.screen_inches,
            options=_held(args),
        )
    except RenderError as exc:
        print(f"kiosk render: {exc}", file=sys.stderr)
        return 1
    screens = len(paths) - 1
    print(f"wrote {screens} screens to {paths[-1].parent}/<language>/ and {paths[-1]}")
    return 0


def _proof(args: argparse.Namespace) -> int:
    bundle = _offscreen_bundle(args)
    from kiosk.ui.proof import DEFAULT_SIZES, proof, report
    from kiosk.ui.walk import WalkError

    try:
        findings = proof(
            bundle,
            sizes=args.size or DEFAULT_SIZES,
            languages=args.lang,
            screen_inches=args.screen_inches,
            progress=not args.json and sys.stdout.isatty(),
            options=_held(args),
        )
    except WalkError as exc:
        print(f"kiosk proof: {exc}", file=sys.stderr)
        return 2
    print(report(findings, as_json=args.json))
    return 1 if findings else 0


def _soak(args: argparse.Namespace) -> int:
    try:
        from kiosk.ui.soak import SoakError, soak
    except ImportError:  # the frozen app leaves the soak out (it needs QtTest)
        print(
            "kiosk soak: not part of this installed kiosk; run it from a source checkout "
            "(.venv/bin/kiosk soak, see the README)",
            file=sys.stderr,
        )
        return 2
    bundle = _offscreen_bundle(args)

    try:
        report = soak(
            bundle,
            minutes=args.minutes,
            seed=args.seed,
            size=args.size,
            max_growth_mb=args.max_growth_mb,
            warmup_s=args.warmup,
        )
    except SoakError as exc:
        print(f"kiosk soak: {exc}", file=sys.stderr)
        return 2
    return 0 if report.ok else 1


def _prepare(args: argparse.Namespace) -> int:
    import os
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor, as_completed

    from kiosk.config import default_cache_dir
    from kiosk.content import load_bundle
    from kiosk.content.stamp import STAMPS_DIR
    from kiosk.media import jobs as policy
    from kiosk.media import scratch
    from kiosk.media.cancel import CancelToken
    from kiosk.media.jobs import Outcome
    from kiosk.media.renditions import Cache, Job, group, missing_jobs, needs_tiles, specs_for
    from kiosk.media.sandbox import Limits, workers_for
    from kiosk.media.tiles import TileSpec
    from kiosk.media.worker import Worker
    from kiosk.paths import default_bundle

    limit = _pixel_limit(args)
    bundle = args.bundle or default_bundle()
    config = _load_config(args).config
    cache = Cache(args.cache or config.cache_dir or default_cache_dir())
    # Checked in full, and stamped: the kiosk's next start takes the findings (a stamp).
    loaded = load_bundle(
        bundle, max_pixels=limit, stamps=cache.root / STAMPS_DIR, trust_stamp=False
    )
    if loaded.bundle is None:
        for problem in loaded.report.errors:
            print(problem, file=sys.stderr)
        print(f"kiosk prepare: {bundle} is not valid; nothing was made", file=sys.stderr)
        return 1
    if loaded.stamp != "written":
        print(f"kiosk prepare: {loaded.stamp}; the kiosk will check it at each start")
    for path in scratch.sweep(cache.root):
        print(f"kiosk prepare: removed {path}, left by a build that was interrupted")
    originals = sorted({loaded.root / m.file for m in loaded.bundle.media})
    started = time.monotonic()
    specs = specs_for(args.size)
    sizes = {
        loaded.root / m.file: (info.width, info.height)
        for m in loaded.bundle.media
        if (info := loaded.images.get(m.id)) is not None
    }
    where: dict[Path, str] = {}
    for i, m in enumerate(loaded.bundle.media):
        where.setdefault(loaded.root / m.file, f"{loaded.report.source.name}: media[{i}].file")
    # One job per original: one decode makes its renditions and its pyramid.
    jobs = group(
        missing_jobs(
            cache, originals, specs, tiles=TileSpec(), sizes=sizes, max_pixels=limit, where=where
        )
    )
    # Pyramids first: the longest jobs start first, so that no core idles at the end.
    jobs.sort(key=lambda job: any(isinstance(s, TileSpec) for s in job.specs), reverse=True)
    wanted = len(originals) * len(specs) + sum(
        needs_tiles(sizes[src], specs) for src in originals if src in sizes
    )
    todo = sum(len(job.specs) for job in jobs)
    pyramids = 0
    # One worker per core, fewer when the largest original needs more than a core's share
    # of the memory the workers may take together (kiosk.media.sandbox.workers_for).
    largest = max((w * h for w, h in sizes.values()), default=0)
    workers = workers_for(min(os.cpu_count() or 1, len(jobs)), largest)
    done = 0
    unwritten = 0  # renditions that failed or were not tried because the disk failed
    cache_errno: int | None = None
    failed: list[str] = []
    not_made = 0  # renditions that failed (failed: one line per original)
    peak = 0  # the largest resident memory of a worker, in bytes
    if jobs:
        # The app's error policy and its workers: each thread drives one child process
        # (kiosk.media.worker). A job that fails is reported with its file and the others
        # are made; a child that dies (out of memory, say) fails its own job only, and the
        # thread's next job gets a fresh child. Ctrl+C kills the children at once. Each
        # decode runs under the sandbox's time and memory limits (kiosk.media.sandbox),
        # the machine's memory shared between the workers.
        limits = Limits(workers=workers)
        token = CancelToken()
        local = threading.local()
        children: list[Worker] = []

        disk: list[int] = []  # the errno of a full or read-only cache, once met

        def make(job: Job) -> Outcome:
            if disk:  # the cache cannot take more: the jobs left are not tried
                return policy.skipped(job, disk[0])
            worker = getattr(local, "worker", None)
            if worker is None:
                worker = local.worker = Worker(limits)
                children.append(worker)
            return worker.run(job, token)

        try:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                futures = {pool.submit(make, job): job for job in jobs}
                for finished, future in enumerate(as_completed(futures), 1):
                    job = futures[future]
                    try:
                        outcome = future.result()
                    except Exception as exc:
                        outcome = policy.failed(job, exc)
                    peak = max(peak, outcome.peak or 0)
                    for part in outcome.each():
                        if part.problem is None and part.path is not None:
                            done += 1
                            pyramids += isinstance(part.job.spec, TileSpec)
                        elif part.disk is not None:
                            disk.append(part.disk)  # reported once, below
                            unwritten += 1
                        else:
                            not_made += 1
                    if outcome.problem is not None and outcome.disk is None:
                        failed.append(outcome.problem)
                    elif bad := [p for p in outcome.each() if p.problem and p.disk is None]:
                        failed.extend(p.problem or "" for p in bad)  # beside a disk error
                    if sys.stdout.isatty():  # a progress bar for people, not for logs
                        bar = "#" * (30 * finished // len(jobs))
                        print(f"\rprepare [{bar:<30}] {finished}/{len(jobs)}", end="", flush=True)
        except KeyboardInterrupt:
            token.cancel()
            raise
        finally:
            for worker in children:
                worker.close()
        if sys.stdout.isatty():
            print()
        cache_errno = disk[0] if disk else None
    took = time.monotonic() - started
    print(
        f"kiosk prepare: {len(originals)} images, {done - pyramids} renditions and "
        f"{pyramids} tile pyramids made ({wanted - todo} already cached) in {took:.1f} s "
        f"on {workers} processes; cache: {cache.root}"
        + (f"; peak memory of a worker: {peak / 1e6:,.0f} MB" if peak else "")
    )
    try:
        from kiosk.ui.app import QML_CACHE_DIR, prime_qml_cache

        print(f"kiosk prepare: {prime_qml_cache(cache.root / QML_CACHE_DIR)}")
    except Exception as exc:
        print(
            f"kiosk prepare: the QML was not compiled ahead ({exc}); the kiosk compiles it at start"
        )
    for line in failed:
        print(f"kiosk prepare: {line}", file=sys.stderr)
    if failed:
        print(
            f"kiosk prepare: {not_made} could not be made (the app shows those originals "
            "at screen size instead); fix or replace the files and run it again",
            file=sys.stderr,
        )
    if cache_errno is not None:
        print(
            f"kiosk prepare: {unwritten} not made: "
            f"{scratch.disk_advice(cache_errno, cache.root)}; then run it again",
            file=sys.stderr,
        )
    return 1 if failed or cache_errno is not None else 0


def _exhibits_root(args: argparse.Namespace) -> Path:
    root: Path = args.exhibits or _content_dir(_load_config(args).config)
    return root


def _not_as_root(verb: str, root: Path) -> str | None:
    """Why root must not change an exhibits folder that belongs to another user (the
    kiosk's): what root writes there, the kiosk and its staff panel could not replace."""
    import os
    import pwd

    if os.geteuid() != 0 or not root.exists():
        return None
    owner = root.stat().st_uid
    if owner == 0:
        return None
    try:
        name = pwd.getpwuid(owner).pw_name
    except KeyError:
        name = str(owner)
    return (
        f"kiosk {verb}: {root} belongs to the user {name}; run this as that user, e.g. "
        f"`runuser -u {name} -- kiosk {verb} …` (or `sudo -u {name} kiosk {verb} …`), so "
        "that the kiosk can update it later"
    )


def _pack(args: argparse.Namespace) -> int:
    from kiosk.content.packs import PackError, write_pack
    from kiosk.paths import default_bundle

    bundle = args.bundle or default_bundle()
    try:
        path = write_pack(bundle, args.out, max_pixels=_pixel_limit(args))
    except PackError as exc:
        print(f"kiosk pack: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(
            f"kiosk pack: could not write to {args.out}: {exc.strerror or exc}; "
            "nothing was written",
            file=sys.stderr,
        )
        return 1
    print(f"kiosk pack: wrote {path} ({path.stat().st_size / 1e6:,.1f} MB)")
    return 0


def _install(args: argparse.Namespace) -> int:
    from kiosk.content.packs import PackError, install_pack, installed_version

    limit = _pixel_limit(args)
    root = _exhibits_root(args)
    if refusal := _not_as_root("install", root):
        print(refusal, file=sys.stderr)
        return 2
    status = 0
    for pack in args.packs:
        last = [""]

        def progress(
            step: str, _done: float, last: list[str] = last, name: str = pack.name
        ) -> None:
            if step != last[0]:  # one line per step, for people and for logs
                last[0] = step
                print(f"kiosk install: {name}: {step}", flush=True)

        try:
            if args.skip_installed and (have := installed_version(root, pack)):
                print(f"kiosk install: {pack.name}: {have} is installed already; left as it is")
                continue
            result = install_pack(
                pack, root, progress=progress, allow_older=args.allow_older, max_pixels=limit
            )
        except PackError as exc:
            print(f"kiosk install: {exc}", file=sys.stderr)
            status = 1
            continue
        what = "was already installed; it is" if result.already else "installed; it is now"
        print(
            f"kiosk install: {result.id} {result.version} {what} current "
            f"(previous: {result.previous or 'none'}) in {root}"
        )
        if result.removed:
            print(f"kiosk install: removed older versions: {', '.join(result.removed)}")
        for line in result.not_removed:
            print(f"kiosk install: warning: could not remove {line}", file=sys.stderr)
    return status


def _rollback(args: argparse.Namespace) -> int:
    from kiosk.content.packs import PackError, rollback

    root = _exhibits_root(args)
    if refusal := _not_as_root("rollback", root):
        print(refusal, file=sys.stderr)
        return 2
    try:
        was, now = rollback(root, args.id)
    except PackError as exc:
        print(f"kiosk rollback: {exc}", file=sys.stderr)
        return 1
    print(f"kiosk rollback: {args.id}: {now} is current again (was {was})")
    return 0


def _exhibits(args: argparse.Namespace) -> int:
    from kiosk.content.packs import describe, installed

    root = _exhibits_root(args)
    try:
        rows = installed(root)
    except OSError as exc:
        print(f"kiosk exhibits: cannot read {root}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    sys.stdout.write(describe(rows, root))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The command line of ``kiosk``."""
    from kiosk import __version__

    parser = argparse.ArgumentParser(
        prog="kiosk", description="A touch-first museum kiosk for exhibit bundles."
    )
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")

    config_help = "the config file (default: the platform's, see `kiosk config show`)"
    pixels_help = "refuse originals bigger than this (default: the config's, or 89,478,485)"

    p = verbs.add_parser("validate", help="check a bundle and report every problem")
    p.add_argument("path", type=Path, help="the bundle folder (or its bundle.json)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument(
        "--deep",
        action="store_true",
        help="also decode every image fully, each in a worker process with time and memory "
        "limits (finds damaged image data and images built to stall or exhaust decoders)",
    )
    p.add_argument("--json", action="store_true", help="print a machine-readable report")
    p.add_argument("--max-pixels", type=_max_pixels, help=pixels_help)
    p.add_argument("--config", type=Path, help=config_help)
    p.set_defaults(func=_validate)

    p = verbs.add_parser("schema", help="print or write the bundle format's JSON Schema")
    p.add_argument("--out", type=Path, help="write to this file instead of standard output")
    p.set_defaults(func=_schema)

    p = verbs.add_parser("run", help="show an exhibit (in a window, or locked down)")
    p.add_argument("bundle", nargs="?", type=Path, help="bundle folder (default: the shipped one)")
    p.add_argument("--kiosk", action="store_true", help="lock down: full screen, no exits")
    p.add_argument("--no-pin", action="store_true", help="allow kiosk mode without a staff PIN")
    p.add_argument("--fullscreen", action="store_true", help="fill the screen (not locked)")
    p.add_argument("--screen-inches", type=float, help="the screen's diagonal (default 43)")
    p.add_argument("--config", type=Path, help=config_help)
    p.set_defaults(func=_run)

    p = verbs.add_parser(
        "prepare", help="make image renditions and deep-zoom tiles ahead of time, on all cores"
    )
    p.add_argument("bundle", nargs="?", type=Path, help="bundle folder (default: the shipped one)")
    p.add_argument(
        "--size", type=_size, default=(1920, 1080), help="the display (default 1920x1080)"
    )
    p.add_argument("--cache", type=Path, help="the rendition cache (default: the config's)")
    p.add_argument("--max-pixels", type=_max_pixels, help=pixels_help)
    p.add_argument("--config", type=Path, help=config_help)
    p.set_defaults(func=_prepare)

    p = verbs.add_parser("config", help="the configuration")
    config_verbs = p.add_subparsers(dest="config_verb", required=True, metavar="VERB")
    show = config_verbs.add_parser(
        "show",
        help="print every key: what it does (units, range, default), its value and its source",
    )
    show.add_argument("--config", type=Path, help=config_help)
    show.set_defaults(func=_config_show)

    p = verbs.add_parser("set-pin", help="set the staff PIN (stored as a salted hash)")
    p.add_argument("--config", type=Path, help=config_help)
    p.set_defaults(func=_set_pin)

    exhibits_help = "the exhibits folder (default: the config's content_dir)"
    p = verbs.add_parser("pack", help="write an exhibit pack for a gallery machine")
    p.add_argument("bundle", nargs="?", type=Path, help="bundle folder (default: the shipped one)")
    p.add_argument("-o", "--out", type=Path, required=True, help="folder to write the pack to")
    p.add_argument("--max-pixels", type=_max_pixels, help=pixels_help)
    p.add_argument("--config", type=Path, help=config_help)
    p.set_defaults(func=_pack)

    p = verbs.add_parser("install", help="install exhibit packs and make them current")
    p.add_argument("packs", nargs="+", type=Path, metavar="PACK", help="a .kioskpack file")
    p.add_argument(
        "--skip-installed",
        action="store_true",
        help="leave exhibits that are installed already as they are (for install scripts)",
    )
    p.add_argument(
        "--allow-older",
        action="store_true",
        help="install even if the exhibit's current version is newer",
    )
    p.add_argument("--exhibits", type=Path, help=exhibits_help)
    p.add_argument("--max-pixels", type=_max_pixels, help=pixels_help)
    p.add_argument("--config", type=Path, help=config_help)
    p.set_defaults(func=_install)

    p = verbs.add_parser("rollback", help="go back to an exhibit's previous version")
    p.add_argument("id", help="the exhibit's id (see `kiosk exhibits`)")
    p.add_argument("--exhibits", type=Path, help=exhibits_help)
    p.add_argument("--config", type=Path, help=config_help)
    p.set_defaults(func=_rollback)

    p = verbs.add_parser("exhibits", help="list the installed exhibits and their versions")
    p.add_argument("--exhibits", type=Path, help=exhibits_help)
    p.add_argument("--config", type=Path, help=config_help)
    p.set_defaults(func=_exhibits)

    p = verbs.add_parser(
        "render",
        help="render every screen to PNG files, offscreen",
        description="Renders every screen and state (those `kiosk proof` walks) to "
        "OUT/<language>/NNN-state.png, with a contact sheet at OUT/contact-sheet.png. With "
        "--large-text, --high-contrast or --seated the options stay on for every state "
        '(the attract loop and "Still there?" included), and the files go to a folder '
        "named for them, OUT/large-text+seated/<language>/..., beside the plain render.",
    )
    p.add_argument("bundle", nargs="?", type=Path, help="bundle folder (default: the shipped one)")
    p.add_argument(
        "--out",
        type=Path,
        required=True,
        help="folder for the PNG files (with options: its subfolder named for them)",
    )
    p.add_argument(
        "--size", type=_size, default=(1920, 1080), help="window size WxH (default 1920x1080)"
    )
    p.add_argument("--lang", action="append", help="only this language (repeatable; default: all)")
    p.add_argument(
        "--screen-inches", type=float, default=43.0, help="the screen's diagonal (default 43)"
    )
    _add_option_flags(p)
    p.set_defaults(func=_render)

    p = verbs.add_parser(
        "proof",
        help="find clipped, hidden, overlapped, too small or low-contrast things on every screen",
        description="Walks every screen and state (each story page, person and photograph, "
        'the caption shown and hidden, every glossary card, the attract loop, "Still '
        "there?\", the PIN pad, the visitor's options) at each size and language, and reports "
        "each text that is cut off or elided without a scroll cue, each overlap, each "
        "control outside the window, under the minimum target or (--seated) outside a seated "
        "visitor's reach, and each contrast under 7:1 (text) or 3:1 "
        "(a control's edge). With --large-text, --high-contrast or --seated the options stay "
        "on for every state, and each finding's line names them (1280x800 en large-text). "
        "Exit status 1 when there is any finding, 2 when the bundle cannot be shown.",
    )
    p.add_argument("bundle", nargs="?", type=Path, help="bundle folder (default: the shipped one)")
    p.add_argument(
        "--size",
        type=_size,
        action="append",
        help="window size WxH (repeatable; default 1280x800, 1920x1080, 1080x1920, 3840x2160)",
    )
    p.add_argument("--lang", action="append", help="only this language (repeatable; default: all)")
    p.add_argument(
        "--screen-inches", type=float, default=43.0, help="the screen's diagonal (default 43)"
    )
    p.add_argument("--json", action="store_true", help="print the findings as JSON")
    _add_option_flags(p)
    p.set_defaults(func=_proof)

    p = verbs.add_parser(
        "soak",
        help="a monkey of real touches on the real scene, offscreen, for minutes or hours",
        description="Sends a seeded random mix of real touch events (taps on visible "
        "controls and anywhere, swipes, pinches on the photograph viewer, pauses, and long "
        "idles that bring up 'Still there?' and reset the visit) to the exhibit's scene, "
        "drawn offscreen. Prints events, warnings, errors, visit resets and memory every "
        "minute. Exit status 1 on any warning or error, or when memory grew by more than "
        "--max-growth-mb after the warm-up; 2 when the bundle cannot be shown.",
    )
    p.add_argument("bundle", nargs="?", type=Path, help="bundle folder (default: the shipped one)")
    p.add_argument("--minutes", type=float, default=10.0, help="how long (default 10)")
    p.add_argument("--seed", type=int, default=1, help="the random seed (default 1)")
    p.add_argument(
        "--size", type=_size, default=(1920, 1080), help="window size WxH (default 1920x1080)"
    )
    p.add_argument(
        "--max-growth-mb",
        type=float,
        default=5.0,
        help="the most RSS may grow after the warm-up (default 5)",
    )
    p.add_argument(
        "--warmup",
        type=float,
        help="seconds of warm-up before memory is compared (default: a quarter, at most 300)",
    )
    p.set_defaults(func=_soak)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``kiosk`` console script."""
    args = build_parser().parse_args(argv)
    try:
        status: int = args.func(args)
    except KeyboardInterrupt:
        return 130
    return status


if __name__ == "__main__":
    sys.exit(main())
