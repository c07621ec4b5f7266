//! The `shopplan` binary: parse the command, read the configuration, start logging, prepare
//! the database, then serve (or migrate, or load the demo) and exit.

use std::process::ExitCode;

use shopplan::cli::{self, Command};
use shopplan::notify::mail::{self, Mailer};
use shopplan::{AppState, Config, db, telemetry};

#[tokio::main]
async fn main() -> ExitCode {
    let command = match cli::parse(std::env::args().skip(1)) {
        Ok(command) => command,
        Err(message) => {
            eprintln!("shopplan: {message}");
            return ExitCode::from(2);
        }
    };
    match command {
        Command::Help => {
            print!("{}", cli::HELP);
            return ExitCode::SUCCESS;
        }
        Command::Version => {
            println!("shopplan {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        Command::Serve | Command::Migrate | Command::Demo => {}
    }
    match run(command).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("shopplan: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command) -> Result<(), String> {
    let config = Config::from_env().map_err(|e| e.to_string())?;
    telemetry::init(config.log_format);

    let owner = config.owner_options().map_err(|e| e.to_string())?;
    let mut conn = db::connect_owner(&owner).await.map_err(|e| e.to_string())?;
    db::migrate(&mut conn).await.map_err(|e| e.to_string())?;
    if command == Command::Migrate {
        println!("Migrations applied to {}.", db::describe(&owner));
        return Ok(());
    }
    let pool = db::app_pool(&config, &mut conn)
        .await
        .map_err(|e| e.to_string())?;
    drop(conn);
    if command == Command::Demo {
        let state = AppState::new(pool, config);
        let summary = shopplan::demo::load(&state)
            .await
            .map_err(|e| format!("loading the demo organization failed: {e:#?}"))?;
        print!("{}", shopplan::demo::printout(&summary, &state.config));
        return Ok(());
    }

    let listener = tokio::net::TcpListener::bind(config.bind_addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.bind_addr))?;
    let state = AppState::new(pool, config);
    if let Some(mail) = &state.config.mail {
        let mailer = Mailer::new(mail).map_err(|e| e.to_string())?;
        tokio::spawn(mail::run(state.db.clone(), mailer, state.outbox.clone()));
    }
    tracing::info!(addr = %state.config.bind_addr, "ShopPlan is listening");
    shopplan::app::serve(listener, state)
        .await
        .map_err(|e| e.to_string())
}
