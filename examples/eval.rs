//! `make eval TRAIN=a.csv TEST=b.csv LABEL=Converted`: trains the app's learner natively on one
//! CSV and measures it on another. Every column but the label is a feature; id columns (a
//! distinct value in every row) are ignored; "Select", "N/A" and empty cells are missing. The
//! label must have exactly two values. The last line printed is a JSON object.
//!
//! `make eval SYNTHETIC=10000` writes a synthetic history (domain/learning/synthetic.rs) as
//! train and test CSVs under target/eval/ first and measures on them.

use std::process::ExitCode;
use std::time::Instant;

use kariz::domain::learning::{
    synthetic_history, to_csv, train_split, Dataset, Example, FieldValue, Learner, TrainSettings,
};

/// Label values read as "won"; the other of the two classes is "lost".
const POSITIVE: [&str; 6] = ["1", "true", "yes", "won", "converted", "y"];

struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

fn read_table(path: &str) -> Result<Table, String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .map_err(|e| format!("cannot read {path}: {e}"))?;
    let header = reader
        .headers()
        .map_err(|e| format!("{path}: no header row: {e}"))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let rows = reader
        .records()
        .map(|r| r.map(|r| r.iter().map(str::to_string).collect()))
        .collect::<Result<_, _>>()
        .map_err(|e| format!("{path}: {e}"))?;
    Ok(Table { header, rows })
}

/// The two label classes, positive first; an error naming the values otherwise.
fn classes(label: &str, tables: &[&Table]) -> Result<String, String> {
    let mut values: Vec<String> = Vec::new();
    for table in tables {
        let i = table.header.iter().position(|h| h == label).unwrap_or(0);
        for row in &table.rows {
            let value = row.get(i).map_or("", |v| v.trim()).to_lowercase();
            if value.is_empty() {
                return Err(format!("label column {label:?} has an empty cell"));
            }
            if !values.contains(&value) {
                values.push(value);
            }
        }
    }
    values.sort();
    if values.len() != 2 {
        return Err(format!(
            "label column {label:?} must have exactly two classes, found {}: {}",
            values.len(),
            values
                .iter()
                .take(10)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    values
        .iter()
        .find(|v| POSITIVE.contains(&v.as_str()))
        .cloned()
        .ok_or_else(|| {
            format!(
                "label column {label:?}: neither {:?} nor {:?} reads as the won class ({})",
                values[0],
                values[1],
                POSITIVE.join(", ")
            )
        })
}

fn examples(table: &Table, label: &str, columns: &[String], positive: &str) -> Vec<Example> {
    let label_at = table.header.iter().position(|h| h == label).unwrap_or(0);
    let at: Vec<Option<usize>> = columns
        .iter()
        .map(|c| table.header.iter().position(|h| h == c))
        .collect();
    table
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| Example {
            values: at
                .iter()
                .map(|j| {
                    j.and_then(|j| row.get(j))
                        .map_or(FieldValue::Missing, |c| FieldValue::parse(c))
                })
                .collect(),
            won: row[label_at].trim().to_lowercase() == positive,
            closed_at: i as i64,
            hand_score: None,
        })
        .collect()
}

fn run(train_path: &str, test_path: &str, label: &str) -> Result<String, String> {
    let train = read_table(train_path)?;
    let test = read_table(test_path)?;
    for (path, table) in [(train_path, &train), (test_path, &test)] {
        if !table.header.iter().any(|h| h == label) {
            return Err(format!("{path}: no column named {label:?}"));
        }
    }
    let positive = classes(label, &[&train, &test])?;
    let columns: Vec<String> = train
        .header
        .iter()
        .filter(|h| *h != label)
        .cloned()
        .collect();
    let train_cases = examples(&train, label, &columns, &positive);
    let test_cases = examples(&test, label, &columns, &positive);
    let dataset = Dataset {
        columns,
        examples: Vec::new(),
    };
    let train_refs: Vec<&Example> = train_cases.iter().collect();
    let test_refs: Vec<&Example> = test_cases.iter().collect();
    let start = Instant::now();
    let model = train_split(&dataset, &train_refs, &test_refs, TrainSettings::default());
    let train_ms = start.elapsed().as_secs_f64() * 1000.0;
    let ev = &model.evaluation;
    let chosen = match model.learner {
        Learner::Logistic => &ev.logistic,
        Learner::NaiveBayes => &ev.naive_bayes,
    };
    let ignored: Vec<&str> = model
        .encoder
        .columns
        .iter()
        .filter(|c| c.code == kariz::domain::learning::encoder::ColumnCode::Ignored)
        .map(|c| c.name.as_str())
        .collect();
    for factor in model.strongest_factors(10) {
        eprintln!(
            "factor {:>4}  {} = {:?}",
            factor.points, factor.column, factor.bucket
        );
    }
    Ok(serde_json::json!({
        "auc": chosen.auc,
        "log_loss": chosen.log_loss,
        "train_ms": (train_ms * 10.0).round() / 10.0,
        "n_train": ev.n_train,
        "n_test": ev.n_test,
        "learner": format!("{:?}", model.learner),
        "naive_bayes_auc": ev.naive_bayes.auc,
        "naive_bayes_log_loss": ev.naive_bayes.log_loss,
        "logistic_auc": ev.logistic.auc,
        "logistic_log_loss": ev.logistic.log_loss,
        "features": model.encoder.width,
        "ignored_columns": ignored,
    })
    .to_string())
}

fn write_synthetic(n: usize) -> Result<(String, String), String> {
    let data = synthetic_history(n, 2026);
    let cut = n - n / 4;
    let part = |examples: &[Example]| Dataset {
        columns: data.columns.clone(),
        examples: examples.to_vec(),
    };
    std::fs::create_dir_all("target/eval").map_err(|e| e.to_string())?;
    let train = "target/eval/synthetic_train.csv".to_string();
    let test = "target/eval/synthetic_test.csv".to_string();
    std::fs::write(&train, to_csv(&part(&data.examples[..cut]))).map_err(|e| e.to_string())?;
    std::fs::write(&test, to_csv(&part(&data.examples[cut..]))).map_err(|e| e.to_string())?;
    Ok((train, test))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [flag, n] if flag == "--synthetic" => match n.parse::<usize>() {
            Ok(n) if n >= 8 => write_synthetic(n).and_then(|(a, b)| run(&a, &b, "Converted")),
            _ => Err(format!(
                "--synthetic needs a count of at least 8, got {n:?}"
            )),
        },
        [train, test, label] => run(train, test, label),
        _ => Err("usage: eval TRAIN.csv TEST.csv LABEL  |  eval --synthetic N".into()),
    };
    match result {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("eval: {message}");
            ExitCode::from(2)
        }
    }
}
