//! Everything the CLI says, in the chosen language, from the shared Fluent files.

use jeopsu_api::ApiError;
use jeopsu_i18n::{Arg, Lang, Texts};
use jeopsu_store::StoreError;
use std::io::Write;
use std::process::ExitCode;

#[derive(Debug)]
pub struct Out {
    texts: Texts,
}

impl Out {
    pub fn new(lang: Lang) -> Out {
        Out {
            texts: Texts::new(lang),
        }
    }

    pub fn text(&self, id: &str, args: &[(&str, Arg)]) -> String {
        self.texts.format(id, args)
    }

    /// A result line on standard output.
    pub fn say(&self, id: &str, args: &[(&str, Arg)]) {
        self.line(&self.text(id, args));
    }

    pub fn line(&self, text: &str) {
        let mut o = std::io::stdout().lock();
        let _ = writeln!(o, "{text}");
    }

    /// Progress and notes on standard error, so stdout stays clean for --json.
    pub fn note(&self, id: &str, args: &[(&str, Arg)]) {
        eprintln!("{}", self.text(id, args));
    }

    /// Prints the error in plain words and gives the contract's exit code.
    pub fn fail(&self, e: &ApiError) -> ExitCode {
        let code = e.code();
        let message = match e.store() {
            Some(StoreError::ImportRejected(list)) => {
                self.text("cli-import-rejected", &[("count", list.len().into())])
            }
            // Each field's problem on a line of its own, named: a command takes many options,
            // and "choose one" alone would not say which.
            _ if !e.problems().is_empty() => {
                let lines: Vec<String> = e
                    .problems()
                    .iter()
                    .map(|p| {
                        self.text(
                            "cli-field-problem",
                            &[
                                ("field", p.field.into()),
                                ("message", self.texts.problem(p).into()),
                            ],
                        )
                    })
                    .collect();
                self.texts.format(
                    &code.message_id(),
                    &[("detail", format!("\n{}", lines.join("\n")).into())],
                )
            }
            _ => self.texts.error(code, &e.args(), e.problems()),
        };
        eprintln!("{}: {message}", self.text("cli-error-label", &[]));
        if let Some(StoreError::ImportRejected(list)) = e.store() {
            for p in list {
                eprintln!(
                    "{}",
                    self.text(
                        "cli-import-problem",
                        &[
                            ("line", p.line.into()),
                            ("field", p.problem.field.into()),
                            ("message", self.texts.problem(&p.problem).into()),
                        ],
                    )
                );
            }
        }
        if code.is_unlock_error() {
            ExitCode::from(2)
        } else {
            ExitCode::from(1)
        }
    }
}
