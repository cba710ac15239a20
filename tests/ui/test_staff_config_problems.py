"""The staff desk shows the configuration's problems (``configProblems``) and reports a
damaged PIN hash instead of calling every PIN wrong."""

from __future__ import annotations

import logging

from kiosk.ui.staff import StaffDesk


def desk(**kwargs):
    options = {"pin_hash": None, "kiosk": True, "content_dir": None} | kwargs
    return StaffDesk(**options)


def test_config_problems_is_a_notifying_list_property(qapp, qtbot):
    staff = desk()
    assert staff.property("configProblems") == []
    problem = "/etc/kiosk/config.toml, line 3: TOML syntax error: Unclosed array; …"
    with qtbot.waitSignal(staff.configProblemsChanged, timeout=1000):
        staff.config_problems = [problem]  # as the app sets it at start
    assert staff.property("configProblems") == [problem]
    assert staff.configProblems == [problem]
    assert staff.info["configProblems"] == [problem]
    meta = staff.metaObject()
    prop = meta.property(meta.indexOfProperty("configProblems"))
    assert prop.hasNotifySignal()
    assert prop.notifySignal().name().data() == b"configProblemsChanged"


def test_a_damaged_hash_is_logged_and_never_counts_as_a_wrong_pin(qapp, qtbot, caplog):
    caplog.set_level(logging.ERROR, logger="kiosk.ui.staff")
    staff = desk(pin_hash="scrypt$16384$8$1$not base64!$AAAA")
    assert any("cannot be used" in r.getMessage() for r in caplog.records)
    for _ in range(5):
        staff.cornerTapped()
    assert staff.pinPadOpen
    staff.submitPin("1234")
    qtbot.waitUntil(lambda: not staff.checking, timeout=5000)
    assert staff.message == "The PIN cannot be checked. Staff: see the log."
    assert staff._lock.failures == 0  # no step towards a lock-out
    assert any("stored hash cannot be used" in r.getMessage() for r in caplog.records)
