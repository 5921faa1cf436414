//! Function generation from a description, through an OpenAI-compatible chat-completions
//! endpoint (OpenAI, Azure's compatible endpoints, Ollama, vLLM, LM Studio...). Configured with
//! [`HostBuilder::ai`](crate::HostBuilder::ai) (`laf serve --ai-url --ai-model`, key from
//! `LAF_AI_KEY`); the admin API's `POST /_/api/apps/{app}/ai/generate` and the console's "describe
//! it" box use it. Without a configuration the feature is off and the console hides it.

use std::time::Duration;

use serde_json::{Value, json};

/// Where the host asks for generated functions.
#[derive(Clone)]
pub struct AiConfig {
    /// The API's base URL (`https://api.openai.com/v1`, `http://localhost:11434/v1`), or the full
    /// URL of its `…/chat/completions`.
    pub url: String,
    /// The model asked (`gpt-4o-mini`, `qwen2.5-coder`...).
    pub model: String,
    /// The bearer key, if the endpoint wants one.
    pub key: Option<String>,
    /// How long one generation may take.
    pub timeout: Duration,
}

impl std::fmt::Debug for AiConfig {
    // The key stays out of logs and panics.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AiConfig")
            .field("url", &self.url)
            .field("model", &self.model)
            .field("key", &self.key.as_ref().map(|_| "…"))
            .finish()
    }
}

impl AiConfig {
    /// A configuration with the default timeout (two minutes: models answer slowly).
    pub fn new(url: impl Into<String>, model: impl Into<String>, key: Option<String>) -> Self {
        AiConfig { url: url.into(), model: model.into(), key, timeout: Duration::from_secs(120) }
    }

    /// The chat-completions URL.
    fn endpoint(&self) -> String {
        let url = self.url.trim_end_matches('/');
        if url.ends_with("/chat/completions") { url.to_owned() } else { format!("{url}/chat/completions") }
    }
}

/// The languages a function can be generated in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AiLanguage {
    /// A Laf cloud function in TypeScript.
    TypeScript,
    /// A Python function (`def main(ctx)`).
    Python,
}

impl AiLanguage {
    /// The language named in a request (`ts`, `typescript`, `js`, `python`, `py`).
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "ts" | "typescript" | "js" | "javascript" => Some(AiLanguage::TypeScript),
            "python" | "py" => Some(AiLanguage::Python),
            _ => None,
        }
    }

    /// The id publishing takes.
    pub fn id(self) -> &'static str {
        match self {
            AiLanguage::TypeScript => "ts",
            AiLanguage::Python => "python",
        }
    }

    fn instructions(self) -> &'static str {
        match self {
            AiLanguage::TypeScript => TYPESCRIPT,
            AiLanguage::Python => PYTHON,
        }
    }
}

const TYPESCRIPT: &str = "You write Laf cloud functions in TypeScript. A function is one file: \
`import cloud from '@lafjs/cloud'` then `export default async function (ctx: FunctionContext) { ... }`, \
whose return value is the HTTP response (an object becomes JSON). ctx has method, query, body, headers, \
params, files, user and response (the raw response: ctx.response.status(404)). The database is \
MongoDB through `cloud.database()` (collection(name).add/where/get/doc/update/remove, with \
`db.command` operators) or the raw driver `cloud.mongo.db`; object storage is \
`cloud.storage.bucket(name)` (writeFile, readFile, listFiles, deleteFile, getDownloadUrl); \
`cloud.fetch` makes HTTP requests; `cloud.shared` is a Map shared by the app's calls; \
`process.env` holds the app's environment. Answer with the code only, in one ```ts block.";

const PYTHON: &str = "You write Laf cloud functions in Python. A function is one file defining \
`def main(ctx):` (or `async def main(ctx):`), whose return value is the HTTP response (a dict becomes \
JSON). ctx has method, query (a dict), body, headers, params, files and response. `from laf import \
cloud` gives the database as pymongo: `cloud.mongo.db[\"users\"]` (find, find_one, insert_one, \
update_one, delete_one, count_documents, aggregate), object storage as `cloud.storage.bucket(name)` \
(write_file, read_file, list_files, delete_file, get_download_url), `cloud.shared` and `cloud.env` (the \
app's environment). Answer with the code only, in one ```python block.";

/// What went wrong asking for a function.
#[derive(Debug, thiserror::Error)]
pub enum AiError {
    /// The endpoint could not be reached or did not answer in time.
    #[error("the AI endpoint {url} did not answer: {message}")]
    Unreachable {
        /// The chat-completions URL.
        url: String,
        /// The client's error.
        message: String,
    },
    /// The endpoint answered with an error status.
    #[error("the AI endpoint answered {status}: {message}")]
    Refused {
        /// Its HTTP status.
        status: u16,
        /// Its error message (OpenAI's `error.message`), or the start of its body.
        message: String,
    },
    /// The answer was not a chat completion with a message.
    #[error("the AI endpoint's answer is not a chat completion: {0}")]
    Malformed(String),
}

/// A generated function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// Its source.
    pub code: String,
    /// The model that wrote it, as the endpoint names it.
    pub model: String,
}

/// Asks the endpoint for a function doing what `description` says.
pub async fn generate(config: &AiConfig, language: AiLanguage, description: &str) -> Result<Generated, AiError> {
    let url = config.endpoint();
    // One client for the process: it keeps its TLS setup and connections between generations.
    static CLIENT: std::sync::OnceLock<reqwest::Client> = std::sync::OnceLock::new();
    let client = CLIENT.get_or_init(reqwest::Client::new);
    let request = json!({
        "model": config.model,
        "messages": [
            { "role": "system", "content": language.instructions() },
            { "role": "user", "content": description },
        ],
        "temperature": 0.2,
    });
    let mut call = client.post(&url).timeout(config.timeout).header(http::header::CONTENT_TYPE, "application/json");
    if let Some(key) = &config.key {
        call = call.bearer_auth(key);
    }
    let response = call
        .body(request.to_string())
        .send()
        .await
        .map_err(|e| AiError::Unreachable { url: url.clone(), message: error_chain(&e) })?;
    let status = response.status();
    let text =
        response.text().await.map_err(|e| AiError::Unreachable { url: url.clone(), message: error_chain(&e) })?;
    let body: Option<Value> = serde_json::from_str(&text).ok();
    if !status.is_success() {
        let message = body
            .as_ref()
            .and_then(|b| b.pointer("/error/message").or_else(|| b.get("error")))
            .and_then(Value::as_str)
            .map_or_else(|| text.chars().take(300).collect(), str::to_owned);
        return Err(AiError::Refused { status: status.as_u16(), message });
    }
    let body = body.ok_or_else(|| AiError::Malformed(text.chars().take(300).collect()))?;
    let content = body
        .pointer("/choices/0/message/content")
        .and_then(Value::as_str)
        .ok_or_else(|| AiError::Malformed("no choices[0].message.content".into()))?;
    let code = code_of(content);
    if code.trim().is_empty() {
        return Err(AiError::Malformed("the message is empty".into()));
    }
    let model = body.get("model").and_then(Value::as_str).unwrap_or(&config.model).to_owned();
    Ok(Generated { code, model })
}

// reqwest's top-level message ("error sending request") hides the cause (connection refused...).
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

/// The code in a model's answer: the first fenced block when there is one (models add prose
/// around it), else the whole answer.
fn code_of(content: &str) -> String {
    let Some(start) = content.find("```") else {
        return ensure_newline(content.trim());
    };
    let after = &content[start + 3..];
    // The fence's info string (`ts`, `python`) ends at the line's end.
    let Some(line_end) = after.find('\n') else {
        return ensure_newline(content.trim());
    };
    let inner = &after[line_end + 1..];
    let code = match inner.find("```") {
        Some(end) => &inner[..end],
        None => inner,
    };
    ensure_newline(code.trim_end())
}

fn ensure_newline(code: &str) -> String {
    format!("{code}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_is_taken_from_the_first_fence_or_the_whole_answer() {
        let fenced = "Here it is:\n```ts\nexport default async function () {\n  return 1\n}\n```\nEnjoy.";
        assert_eq!(code_of(fenced), "export default async function () {\n  return 1\n}\n");
        assert_eq!(code_of("def main(ctx):\n    return 1\n"), "def main(ctx):\n    return 1\n");
        assert_eq!(code_of("```\nx = 1\n"), "x = 1\n", "an unclosed fence runs to the end");
    }

    #[test]
    fn the_endpoint_is_the_base_url_plus_chat_completions_unless_given_whole() {
        let at = |url: &str| AiConfig::new(url, "m", None).endpoint();
        assert_eq!(at("https://api.openai.com/v1"), "https://api.openai.com/v1/chat/completions");
        assert_eq!(at("http://localhost:11434/v1/"), "http://localhost:11434/v1/chat/completions");
        assert_eq!(at("http://x/v1/chat/completions"), "http://x/v1/chat/completions");
        assert!(!format!("{:?}", AiConfig::new("u", "m", Some("sk-secret".into()))).contains("sk-secret"));
    }
}
