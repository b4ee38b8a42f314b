"""Reference log analyser: app, json and Common Log Format lines, thresholds, JSON report."""
import argparse
import json
import re
import sys

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
APP_RE = re.compile(r"^\S+\s+(DEBUG|INFO|WARNING|ERROR|CRITICAL)\s+([^:\s]+):\s?(.*)$")
CLF_RE = re.compile(r'^(\S+) \S+ \S+ \[[^\]]+\] "([^"]*)" (\d{3}) (\d+|-)$')


def _json(line):
    try:
        obj = json.loads(line)
    except ValueError:
        return None
    if not isinstance(obj, dict) or not all(k in obj for k in ("level", "source", "message")):
        return None
    return str(obj["level"]).upper(), str(obj["source"]), str(obj["message"])


def _clf(line):
    m = CLF_RE.match(line)
    if not m:
        return None
    status = int(m.group(3))
    level = "ERROR" if status >= 500 else "INFO"
    return level, m.group(1), m.group(2)


def _app(line):
    m = APP_RE.match(line)
    return (m.group(1), m.group(2), m.group(3)) if m else None


PARSERS = {"json": [_json], "clf": [_clf], "app": [_app], "auto": [_json, _clf, _app]}


def analyse(lines, fmt="auto", thresholds=None):
    if fmt not in PARSERS:
        raise ValueError(f"unknown format {fmt!r}")
    report = {"total": 0, "parsed": 0, "unparsed": 0, "by_level": {}, "by_source": {}, "alerts": []}
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        report["total"] += 1
        rec = next((r for r in (p(line) for p in PARSERS[fmt]) if r), None)
        if not rec:
            report["unparsed"] += 1
            continue
        report["parsed"] += 1
        level, source, _ = rec
        report["by_level"][level] = report["by_level"].get(level, 0) + 1
        report["by_source"][source] = report["by_source"].get(source, 0) + 1
    for level, limit in (thresholds or {}).items():
        count = report["by_level"].get(level.upper(), 0)
        if count >= limit:
            report["alerts"].append({"level": level.upper(), "count": count, "threshold": limit})
    return report


def _threshold(text):
    level, _, n = text.partition("=")
    if level.upper() not in LEVELS or not n.isdigit():
        raise argparse.ArgumentTypeError(f"bad threshold {text!r}: use LEVEL=N")
    return level.upper(), int(n)


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        print(f"error: {message}", file=sys.stderr)
        sys.exit(1)


def main(argv):
    ap = _Parser(prog="loganalyser")
    ap.add_argument("files", nargs="+")
    ap.add_argument("--format", default="auto", choices=sorted(PARSERS))
    ap.add_argument("--threshold", action="append", type=_threshold, default=[])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    lines = []
    for path in args.files:
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                lines.extend(f.read().splitlines())
        except OSError as e:
            print(f"error: {e}", file=sys.stderr)
            return 1
    report = analyse(lines, args.format, dict(args.threshold))
    if args.json:
        print(json.dumps(report))
    else:
        print(f"{report['total']} lines, {report['parsed']} parsed, {report['unparsed']} unparsed")
        for level, n in report["by_level"].items():
            print(f"  {level}: {n}")
        for a in report["alerts"]:
            print(f"ALERT {a['level']}: {a['count']} >= {a['threshold']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
