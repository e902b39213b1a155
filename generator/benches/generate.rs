//! Times each phase of generation (load, lower, emit, format, one thread) and measures its
//! peak heap, then the whole pipeline as the CLI runs it (emit and format on all cores),
//! on spec/okta.yaml, Okta's whole v2.16 description, the 3 MB Asana spec, and synthetic
//! specs of 100, 1,000 and 10,000 operations, to show how cost grows with size.
//!
//! Run: `cargo bench -p oas-codegen --bench generate` (release). Pass `--write DIR` to also
//! write the synthetic specs, for comparing other generators on the same input.

use oas_codegen::{phases, pipeline, Options, Provenance};
use std::alloc::{GlobalAlloc, Layout, System};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The system allocator, counting live bytes and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// Off while timing the pipeline on both cores: the shared counters would make the two
/// threads contend on every allocation, which the CLI never does.
static COUNTING: AtomicBool = AtomicBool::new(true);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() && COUNTING.load(Ordering::Relaxed) {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        if COUNTING.load(Ordering::Relaxed) {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `f`, returning its result, its time and the peak heap it added above the start.
fn measure<T>(f: impl FnOnce() -> T) -> (T, Duration, usize) {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let start = Instant::now();
    let out = f();
    let elapsed = start.elapsed();
    (
        out,
        elapsed,
        PEAK.load(Ordering::Relaxed).saturating_sub(base),
    )
}

/// One run of the whole pipeline: time and peak heap of each phase.
fn run_once(text: &str) -> [(Duration, usize); 4] {
    let options = Options {
        crate_name: "bench-client".into(),
        ..Options::default()
    };
    let (loaded, load_t, load_m) = measure(|| pipeline::load(text, &[]).expect("the spec loads"));
    let ((api, _), lower_t, lower_m) =
        measure(|| pipeline::lower(&loaded, &options).expect("the spec lowers"));
    let (files, emit_t, emit_m) =
        measure(|| phases::emit(&api, &options).expect("emission succeeds"));
    let provenance = Provenance {
        spec_label: "bench".into(),
        spec_sha256: "0".repeat(64),
        command: "bench".into(),
        overlays: Vec::new(),
        subset: String::new(),
    };
    let (_, format_t, format_m) =
        measure(|| phases::format(files, &provenance).expect("formatting succeeds"));
    [
        (load_t, load_m),
        (lower_t, lower_m),
        (emit_t, emit_m),
        (format_t, format_m),
    ]
}

/// The median of each phase over enough runs to fill about two seconds (at least three).
fn bench(text: &str) -> [(Duration, usize); 4] {
    let first = run_once(text);
    let total: Duration = first.iter().map(|(t, _)| *t).sum();
    let runs = (Duration::from_secs(2).as_nanos() / total.as_nanos().max(1)).clamp(3, 50) as usize;
    let mut all = vec![first];
    for _ in 1..runs {
        all.push(run_once(text));
    }
    std::array::from_fn(|phase| {
        let mut times: Vec<Duration> = all.iter().map(|r| r[phase].0).collect();
        times.sort();
        let peak = all.iter().map(|r| r[phase].1).max().unwrap_or(0);
        (times[times.len() / 2], peak)
    })
}

/// The median time of the whole pipeline as the CLI and `Config` run it (emit and format
/// spread over all cores), over at least three runs.
fn end_to_end(text: &str) -> Duration {
    let options = Options {
        crate_name: "bench-client".into(),
        ..Options::default()
    };
    COUNTING.store(false, Ordering::Relaxed);
    let mut times: Vec<Duration> = (0..5)
        .map(|_| {
            let start = Instant::now();
            oas_codegen::generate_crate(text, Path::new("bench.yaml"), &options, "bench")
                .expect("the spec generates");
            start.elapsed()
        })
        .collect();
    COUNTING.store(true, Ordering::Relaxed);
    times.sort();
    times[times.len() / 2]
}

/// The parsing floor of a spec: its text read straight into `openapiv3`'s model (YAML with
/// serde_yaml, JSON with serde_json), or, for a 3.1 spec that model rejects, into a JSON tree.
fn floor(text: &str) -> Duration {
    let json = text.trim_start().starts_with('{');
    let once = || {
        let start = Instant::now();
        let read = if json {
            serde_json::from_str::<openapiv3::OpenAPI>(text).is_ok()
        } else {
            serde_yaml::from_str::<openapiv3::OpenAPI>(text).is_ok()
        };
        if !read {
            if json {
                let _ = serde_json::from_str::<serde_json::Value>(text);
            } else {
                let _ = serde_yaml::from_str::<serde_json::Value>(text);
            }
        }
        start.elapsed()
    };
    let mut times: Vec<Duration> = (0..7).map(|_| once()).collect();
    times.sort();
    times[times.len() / 2]
}

/// Where formatting's time goes, one thread: parsing the tokens with syn, printing them with
/// prettyplease, and, for comparison, writing the tokens out unformatted.
fn format_breakdown(text: &str) {
    let options = Options {
        crate_name: "bench-client".into(),
        ..Options::default()
    };
    let (api, _) = pipeline::parse(text, &options).expect("the spec lowers");
    let emitted = phases::emit(&api, &options).expect("emission succeeds");
    let median = |f: &dyn Fn() -> usize| {
        let mut times: Vec<Duration> = (0..5)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(f());
                start.elapsed()
            })
            .collect();
        times.sort();
        times[2].as_secs_f64() * 1000.0
    };
    let files: Vec<syn::File> = emitted
        .tokens()
        .iter()
        .map(|t| syn::parse2(t.clone()).unwrap())
        .collect();
    let parse = median(&|| {
        emitted
            .tokens()
            .iter()
            .map(|t| syn::parse2::<syn::File>(t.clone()).unwrap().items.len())
            .sum()
    });
    let print = median(&|| files.iter().map(|f| prettyplease::unparse(f).len()).sum());
    let raw = median(&|| emitted.tokens().iter().map(|t| t.to_string().len()).sum());
    let texts: Vec<String> = emitted.tokens().iter().map(|t| t.to_string()).collect();
    let from_text = median(&|| {
        texts
            .iter()
            .map(|t| syn::parse_file(t).unwrap().items.len())
            .sum()
    });
    println!("| formatting, one thread | syn parse of tokens {parse:.1} ms | syn parse of their text {from_text:.1} ms | prettyplease {print:.1} ms | unformatted `to_string` {raw:.1} ms |");
}

/// Generation end to end against the parsing floor, for every spec of the corpus.
fn floor_table(root: &Path) {
    let mut specs: Vec<PathBuf> = ["specs", "added"]
        .iter()
        .filter_map(|dir| std::fs::read_dir(root.join("../shared/corpus").join(dir)).ok())
        .flat_map(|entries| entries.filter_map(Result::ok).map(|e| e.path()))
        .collect();
    specs.sort();
    specs.insert(0, root.join("spec/okta.yaml"));
    println!(
        "| spec | parsing floor ms | generation ms (end to end, both cores) | generation / floor |"
    );
    println!("|---|---:|---:|---:|");
    for path in specs {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let (floor, whole) = (floor(&text), end_to_end(&text));
        let name = path.file_name().unwrap().to_string_lossy();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "| {name} | {:.1} | {:.1} | {:.1} |",
            ms(floor),
            ms(whole),
            whole.as_secs_f64() / floor.as_secs_f64()
        );
    }
}

/// A synthetic spec of `operations` operations: resources of five CRUD operations each,
/// with an object schema, an enum and a nested object per resource.
fn synthetic(operations: usize) -> String {
    let resources = operations.div_ceil(5);
    let mut paths = String::new();
    let mut schemas = String::new();
    for r in 0..resources {
        let name = format!("Resource{r}");
        let ops = [
            format!("  /r{r}:\n    get:\n      operationId: list{name}\n      parameters:\n        - {{name: after, in: query, schema: {{type: string}}}}\n        - {{name: limit, in: query, schema: {{type: integer, format: int32}}}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{type: array, items: {{$ref: '#/components/schemas/{name}'}}}}\n"),
            format!("    post:\n      operationId: create{name}\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema: {{$ref: '#/components/schemas/{name}'}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/{name}'}}\n        '400':\n          description: bad\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Error'}}\n"),
            format!("  /r{r}/{{id}}:\n    parameters:\n      - {{name: id, in: path, required: true, schema: {{type: string}}}}\n    get:\n      operationId: get{name}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/{name}'}}\n        '404':\n          description: missing\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Error'}}\n"),
            format!("    put:\n      operationId: update{name}\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema: {{$ref: '#/components/schemas/{name}'}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/{name}'}}\n"),
            format!("    delete:\n      operationId: delete{name}\n      responses:\n        '204':\n          description: deleted\n"),
        ];
        // Path keys open with the first and third operations, so any prefix is a valid spec.
        let take = if r + 1 == resources {
            operations - r * 5
        } else {
            5
        };
        for op in ops.iter().take(take) {
            paths.push_str(op);
        }
        schemas.push_str(&format!(
            "    {name}:\n      type: object\n      description: Resource number {r}.\n      required: [id]\n      properties:\n        id: {{type: string, readOnly: true}}\n        name: {{type: string, description: The name.}}\n        created: {{type: string, format: date-time, readOnly: true}}\n        count: {{type: integer, format: int64}}\n        ratio: {{type: number}}\n        enabled: {{type: boolean}}\n        tags: {{type: array, items: {{type: string}}}}\n        status: {{$ref: '#/components/schemas/{name}Status'}}\n        details:\n          type: object\n          nullable: true\n          properties:\n            note: {{type: string, nullable: true}}\n            links: {{type: object, additionalProperties: {{type: string}}}}\n    {name}Status:\n      type: string\n      enum: [ACTIVE, INACTIVE, DELETED]\n"
        ));
    }
    format!(
        "openapi: 3.0.3\ninfo: {{title: Synthetic, version: '1'}}\npaths:\n{paths}components:\n  schemas:\n    Error:\n      type: object\n      properties:\n        code: {{type: string}}\n        message: {{type: string}}\n{schemas}"
    )
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let write_dir = args
        .iter()
        .position(|a| a == "--write")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut inputs: Vec<(String, String)> = Vec::new();
    for (label, path) in [
        ("spec/okta.yaml", root.join("spec/okta.yaml")),
        (
            "okta v2.16 (341 ops)",
            root.join("../shared/reference/okta/okta-management-v2.16.0.oas3.yaml"),
        ),
        (
            "asana.yaml (3 MB)",
            root.join("../shared/corpus/specs/asana.yaml"),
        ),
    ] {
        match std::fs::read_to_string(&path) {
            Ok(text) => inputs.push((label.to_string(), text)),
            Err(err) => eprintln!("skipping {label}: {}: {err}", path.display()),
        }
    }
    if let Ok(text) = std::fs::read_to_string(root.join("../shared/corpus/specs/nomad.yaml")) {
        inputs.push(("nomad.yaml".to_string(), text));
    }
    if let Some(only) = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
    {
        inputs.retain(|(label, _)| label.contains(only.as_str()));
        for (_, text) in &inputs {
            format_breakdown(text);
        }
    }
    for n in [100, 1_000, 10_000] {
        if args.iter().any(|a| a == "--only") {
            break;
        }
        let text = synthetic(n);
        if let Some(dir) = &write_dir {
            std::fs::create_dir_all(dir).unwrap();
            std::fs::write(dir.join(format!("synthetic-{n}.yaml")), &text).unwrap();
        }
        inputs.push((format!("synthetic {n} ops"), text));
    }
    if !args.iter().any(|a| a == "--only") {
        floor_table(&root);
    }
    if args.iter().any(|a| a == "--floor") {
        return;
    }
    println!();
    println!("| spec | ops | load ms | lower ms | emit ms | format ms | phases ms | µs per op | end to end ms | peak heap MB (load/lower/emit/format) |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    for (label, text) in &inputs {
        let ops = pipeline::parse(text, &Options::default())
            .map(|(api, _)| api.operations.len())
            .unwrap_or(0);
        let phases = bench(text);
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let total: Duration = phases.iter().map(|(t, _)| *t).sum();
        let peaks: Vec<String> = phases
            .iter()
            .map(|(_, m)| format!("{:.1}", *m as f64 / 1_048_576.0))
            .collect();
        let whole = end_to_end(text);
        println!(
            "| {label} | {ops} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {:.0} | {:.1} | {} |",
            ms(phases[0].0),
            ms(phases[1].0),
            ms(phases[2].0),
            ms(phases[3].0),
            ms(total),
            total.as_secs_f64() * 1e6 / ops.max(1) as f64,
            ms(whole),
            peaks.join(" / ")
        );
    }
}
