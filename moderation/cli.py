"""`otklik train` and `otklik eval` sub-commands."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from moderation.model import DEFAULT_MODEL_PATH, LABELS

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA_DIR = REPO_ROOT.parent / "shared" / "data" / "sentiment"


def register(subparsers: argparse._SubParsersAction) -> None:
    train = subparsers.add_parser("train", help="train the sentiment model and print its metrics")
    train.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA_DIR,
        help="directory holding train/*.csv and lexicons/ (default: %(default)s)",
    )
    train.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_MODEL_PATH,
        help="model metadata path; weights go next to it (default: shipped model)",
    )
    train.add_argument(
        "--with-feedback",
        nargs="?",
        const="db",
        metavar="FILE.csv",
        help="extra labelled rows (text,label); without a file: the managers' labels stored "
        "in the database (OTKLIK_DATABASE_URL)",
    )
    train.set_defaults(func=_train)

    evaluate = subparsers.add_parser("eval", help="per-class P/R/F1 of the classifier on a CSV")
    evaluate.add_argument("file", type=Path, nargs="?", help="CSV with columns text,label[,lang]")
    evaluate.add_argument(
        "--feedback",
        action="store_true",
        help="agreement with the managers' labels in the database, per community",
    )
    evaluate.add_argument("--community", help="with --feedback: one community only")
    evaluate.add_argument("--json", action="store_true", help="print the metrics as JSON")
    evaluate.add_argument("--model", type=Path, help="model metadata path (default: shipped)")
    evaluate.set_defaults(func=_eval)


def _train(args: argparse.Namespace) -> int:
    from moderation.train import read_labelled_csv, train

    try:
        if args.with_feedback == "db":
            feedback = [(item.text, item.label) for item in _stored_labels(None)]
        elif args.with_feedback:
            feedback = read_labelled_csv(Path(args.with_feedback))
        else:
            feedback = []
        metrics = train(args.data, args.out, feedback)
    except (OSError, ValueError) as exc:
        print(f"otklik train: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(metrics, ensure_ascii=False, indent=2))
    return 0


def _stored_labels(community: str | None) -> list:
    """The managers' labels from the database named by the environment."""
    import asyncio

    from config.settings import Settings
    from moderation.feedback import load_labels
    from storage.db import create_engine, session_factory
    from storage.migrate import upgrade

    settings = Settings()
    engine = create_engine(settings.database_url, schema=settings.database_schema)

    async def load() -> list:
        try:
            await upgrade(engine)
            return await load_labels(session_factory(engine), community)
        finally:
            await engine.dispose()

    return asyncio.run(load())


def _feedback_report(args: argparse.Namespace) -> int:
    from moderation.classifier import ModerationClassifier
    from moderation.feedback import agreement
    from moderation.flagging import DEFAULT_NEGATIVE_THRESHOLD
    from moderation.model import load_default_model

    model = load_default_model()
    thresholds: dict[str, tuple[float, tuple[str, ...]]] = {}
    try:
        from config.settings import ConfigError, Settings, load_communities

        for community in load_communities(Settings().communities_file):
            rules = community.moderation
            thresholds[community.id] = (rules.negative_threshold, rules.stopwords)
    except (ConfigError, OSError):
        pass  # no communities file: every community gets the default threshold

    def classifier_for(community: str) -> ModerationClassifier:
        threshold, stopwords = thresholds.get(community, (DEFAULT_NEGATIVE_THRESHOLD, ()))
        return ModerationClassifier(model, extra_stopwords=stopwords, negative_threshold=threshold)

    report = agreement(_stored_labels(args.community), classifier_for)
    if args.json:
        print(json.dumps(report, indent=2))
    elif not report:
        print("no managers' labels stored yet")
    for community, entry in sorted(report.items()) if not args.json else ():
        print(
            f"{community}: {entry['agree']}/{entry['n']} agree ({entry['agreement']:.1%}); "
            f"missed negatives {entry['missed_negatives']}, false flags {entry['false_flags']}"
        )
    return 0


def _eval(args: argparse.Namespace) -> int:
    from moderation.classifier import ModerationClassifier
    from moderation.evaluate import evaluate, read_eval_csv
    from moderation.model import ModelFileError, SentimentModel

    if args.feedback:
        return _feedback_report(args)
    if args.file is None:
        print("otklik eval: give a CSV file, or --feedback", file=sys.stderr)
        return 2

    try:
        rows = read_eval_csv(args.file)
        model = SentimentModel.load(args.model) if args.model else None
        report = evaluate(rows, ModerationClassifier(model))
    except (OSError, ValueError, ModelFileError) as exc:
        print(f"otklik eval: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(report, indent=2) if args.json else format_table(report))
    return 0


def format_table(report: dict) -> str:
    lines = [f"{'scope':<8} {'class':<9} {'prec':>6} {'recall':>6} {'f1':>6} {'support':>7}"]
    for scope in ("overall", "ru", "en"):
        part = report[scope]
        if not part["n"]:
            continue
        for label in LABELS:
            m = part[label]
            lines.append(
                f"{scope:<8} {label:<9} {m['precision']:>6.3f} {m['recall']:>6.3f} "
                f"{m['f1']:>6.3f} {m['support']:>7}"
            )
        lines.append(
            f"{scope:<8} {'macro-F1':<9} {'':>6} {'':>6} {part['macro_f1']:>6.3f} {part['n']:>7}"
        )
        flag = part["flag"]
        lines.append(
            f"{scope:<8} {'flag':<9} {flag['precision']:>6.3f} {flag['recall']:>6.3f} "
            f"{flag['f1']:>6.3f} {flag['negatives']:>7}   "
            f"{flag['caught']} of {flag['negatives']} negatives caught, {flag['flagged']} flagged"
        )
    return "\n".join(lines)
