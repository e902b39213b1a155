//! A user's crate on top of okta-management: deactivate the members of a group who have not
//! logged in for a while.

use chrono::{DateTime, Duration, Utc};
use futures_util::TryStreamExt;
use okta_management::{models, Client, Error};

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
