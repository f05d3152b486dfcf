"""report.html opened in headless Chromium (Debian's chromium and chromium-driver, through selenium).

The page is loaded from a file:// URL with no network; the tests check what a person
would see: the funnel table, the plots drawn by plotly (their SVG present after the
scripts ran), the sample table with highlighted code, and no script errors. A
screenshot of the full report is kept in the test's tmp folder (and in
$MULTIPLT_SCREENSHOT_DIR when set) for a person to look at.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from report_runs import build_finished_run

from multiplt.report import write_report

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")

if CHROMIUM is None or CHROMEDRIVER is None:
    pytest.skip("headless Chromium is not installed (apt-get install chromium chromium-driver)",
                allow_module_level=True)

from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

PLOTS = ["plot-funnel", "plot-languages", "plot-pass-rate", "plot-coverage", "plot-costs", "plot-execution"]


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000",
                     "--proxy-server=127.0.0.1:9", "--disable-background-networking"):
        options.add_argument(argument)
    options.binary_location = str(CHROMIUM)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def _open(driver: webdriver.Chrome, path: Path) -> None:
    driver.get_log("browser")  # entries so far belong to earlier pages
    # get() returns after the load event: the inline scripts, which draw the plots, have run.
    driver.get(path.resolve().as_uri())


def _errors(driver: webdriver.Chrome) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def _screenshot(driver: webdriver.Chrome, path: Path) -> None:
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1400, min(int(height) + 100, 12000))
    driver.save_screenshot(str(path))
    driver.set_window_size(1400, 1000)
    keep = os.environ.get("MULTIPLT_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(keep) / path.name)


@pytest.mark.slow
def test_finished_run_report_shows_funnel_plots_and_samples(browser: webdriver.Chrome, tmp_path: Path) -> None:
    report = write_report(build_finished_run(tmp_path / "full", hostile=True))
    _open(browser, report)

    stages = [row.get_attribute("data-stage") for row in browser.find_elements(By.CSS_SELECTOR, "#funnel-table tr[data-stage]")]
    assert stages == ["source", "testgen", "translate", "generate", "validate", "dedup", "dataset"]
    validate_row = browser.find_element(By.CSS_SELECTOR, '#funnel-table tr[data-stage="validate"]').text
    assert "1: no_passing_solution 1" in validate_row

    assert browser.execute_script("return typeof window.Plotly") == "object"
    for plot in PLOTS:
        element = browser.find_element(By.ID, plot)
        assert element.find_elements(By.CSS_SELECTOR, "svg.main-svg"), f"{plot} has no SVG"
        assert element.size["width"] > 300 and element.size["height"] > 200, plot
    funnel_bars = browser.find_elements(By.CSS_SELECTOR, "#plot-funnel .trace .point")
    assert len(funnel_bars) == 7
    # Two languages, five per-language stages: ten bars.
    assert len(browser.find_elements(By.CSS_SELECTOR, "#plot-languages .trace.bars .point")) == 10

    samples = browser.find_elements(By.CSS_SELECTOR, "#sample-table .sample")
    assert [sample.get_attribute("data-function") for sample in samples] == ["isleap", "capwords", "leapdays"]
    cells = samples[0].find_elements(By.CSS_SELECTOR, ".cell")
    assert [cell.get_attribute("data-language") for cell in cells] == ["python", "lua", "rkt"]
    assert "def isleap(year):" in cells[0].text
    assert "assert isleap(1900) == False" in cells[0].text
    assert "local function isleap(year)" in cells[1].text
    assert "(define (isleap year)" in cells[2].text
    assert cells[1].find_elements(By.CSS_SELECTOR, ".code span[class^=\"k\"]"), "Lua keywords are not highlighted"
    assert "no validated solution" in samples[2].find_elements(By.CSS_SELECTOR, ".cell")[2].text

    # A generated program's markup is shown as text and never runs.
    assert browser.execute_script("return window.pwned") is None
    assert "</script><script>window.pwned = 1</script>" in samples[1].text

    loaded = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert [url for url in loaded if not url.startswith(("file:", "data:", "blob:"))] == []
    assert _errors(browser) == []
    _screenshot(browser, tmp_path / "report-full.png")


@pytest.mark.slow
def test_partial_run_report_renders_notes_without_script_errors(browser: webdriver.Chrome, tmp_path: Path) -> None:
    report = write_report(build_finished_run(tmp_path / "partial", until="translate"))
    _open(browser, report)
    notes = browser.find_element(By.ID, "run-notes").text
    assert "stage 'generate' has not run yet" in notes
    generate_row = browser.find_element(By.CSS_SELECTOR, '#funnel-table tr[data-stage="generate"]').text
    assert "not run yet" in generate_row
    assert browser.find_elements(By.CSS_SELECTOR, "#plot-funnel svg.main-svg")
    assert browser.find_elements(By.ID, "plot-pass-rate") == []
    assert "no pass rates yet" in browser.find_element(By.ID, "quality").text
    assert _errors(browser) == []
    _screenshot(browser, tmp_path / "report-partial.png")
