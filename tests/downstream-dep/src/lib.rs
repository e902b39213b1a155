//! A user's crate on top of okta-management: deactivate the members of a group who have not
//! logged in for a while.

use chrono::{DateTime, Duration, Utc};
use futures_util::TryStreamExt;
use okta_management::{models, Client, Error};

include!("../../scenario/deactivate_idle_users.rs");
