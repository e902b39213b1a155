// The downstream scenario, written once and included by both downstream crates: it names
// `Client`, `Error` and `models` as each crate imports them (a dependency on okta-management,
// or the client its build script generated).

/// Deactivates every active user who has not logged in since `now - max_idle` (or never
/// has), without sending emails, and returns their ids.
pub async fn deactivate_idle_users(
    client: &Client,
    now: DateTime<Utc>,
    max_idle: Duration,
) -> Result<Vec<String>, Error> {
    let cutoff = now - max_idle;
    let users: Vec<models::User> = client
        .list_users()
        .filter("status eq \"ACTIVE\"")
        .limit(200)
        .into_stream()
        .try_collect()
        .await?;
    let mut deactivated = Vec::new();
    for user in users {
        let idle = user
            .last_login
            .as_option()
            .is_none_or(|last| *last < cutoff);
        let Some(id) = user.id.filter(|_| idle) else {
            continue;
        };
        client.deactivate_user(&id).send_email(false).send().await?;
        deactivated.push(id);
    }
    Ok(deactivated)
}
