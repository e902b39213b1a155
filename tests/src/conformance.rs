//! The conformance table: one call of every operation of okta-management, with realistic
//! arguments and bodies, shared by the wiremock suite and the Prism suite.

use okta_management::{models, Client, Error};
use std::future::Future;
use std::pin::Pin;

/// What a call returned, as far as the suites check it.
#[derive(Debug)]
pub struct Outcome {
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: okta_management::reqwest::header::HeaderMap,
    /// The decoded body, printed.
    pub body: String,
}

/// A boxed call.
pub type Call = Pin<Box<dyn Future<Output = Result<Outcome, Error>> + Send>>;

/// One row: the operationId, the values of its path parameters in path order, the JSON
/// body it sends (if any) and the call itself.
pub struct Case {
    /// The operationId.
    pub id: &'static str,
    /// The JSON body the call sends, if any.
    pub body: Option<serde_json::Value>,
    /// Makes the call.
    pub call: fn(&Client) -> Call,
}

/// Turns a `send_with_response` future into a [`Call`].
fn single<T: std::fmt::Debug + Send + 'static>(
    fut: impl Future<Output = Result<okta_management::Response<T>, Error>> + Send + 'static,
) -> Call {
    Box::pin(async move {
        let response = fut.await?;
        Ok(Outcome {
            status: response.status,
            headers: response.headers.clone(),
            body: format!("{:?}", response.body),
        })
    })
}

/// Turns a paginated `send` future into a [`Call`].
fn page<T: std::fmt::Debug + Send + 'static>(
    fut: impl Future<Output = Result<okta_management::Page<T>, Error>> + Send + 'static,
) -> Call {
    Box::pin(async move {
        let page = fut.await?;
        Ok(Outcome {
            status: page.status,
            headers: page.headers.clone(),
            body: format!("{:?}", page.items),
        })
    })
}

/// Decodes a fixture into a model.
fn model<T: serde::de::DeserializeOwned>(json: serde_json::Value) -> T {
    serde_json::from_value(json).expect("the fixture decodes into the model")
}

/// A realistic new user.
pub fn create_user_body() -> serde_json::Value {
    serde_json::from_str(&crate::payload(
        "CreateUserRequest__create-user-with-recovery-question-request.json",
    ))
    .unwrap()
}

/// A realistic trusted origin.
pub fn trusted_origin_body() -> serde_json::Value {
    serde_json::from_str(&crate::payload("TrustedOrigin__TrustedOriginBody.json")).unwrap()
}

/// A realistic SMS template.
pub fn sms_template_body() -> serde_json::Value {
    serde_json::json!({
        "name": "Custom",
        "type": "SMS_VERIFY_CODE",
        "template": "${org.name}: your verification code is ${code}",
        "translations": { "es": "${org.name}: el código de verificación es ${code}" }
    })
}

/// A partial update: sets one attribute and clears another with an explicit null.
pub fn partial_user_body() -> serde_json::Value {
    serde_json::json!({ "profile": { "firstName": "Isaac", "mobilePhone": null } })
}

/// A password change.
pub fn change_password_body() -> serde_json::Value {
    serde_json::from_str(&crate::payload(
        "ChangePasswordRequest__ChangePwdRequest.json",
    ))
    .unwrap()
}

/// A recovery question change.
pub fn recovery_question_body() -> serde_json::Value {
    serde_json::json!({
        "password": { "value": "tlpWENT2m" },
        "recovery_question": { "question": "How many roads must a man walk down?", "answer": "forty two" }
    })
}

/// A ThreatInsight configuration.
pub fn threat_insight_body() -> serde_json::Value {
    serde_json::json!({ "action": "audit", "excludeZones": ["nzouagptWUz5DlLfM0g3"] })
}

/// Every operation, once. Path parameters take their own spec names as values
/// (`userId` for `{userId}`), so the expected path is the template without braces.
pub fn cases() -> Vec<Case> {
    macro_rules! case {
        ($id:literal, $body:expr, |$c:ident| $call:expr) => {
            Case {
                id: $id,
                body: $body,
                call: |$c: &Client| $call,
            }
        };
    }
    vec![
        case!("activateOrigin", None, |c| single(
            c.activate_origin("trustedOriginId").send_with_response()
        )),
        case!("activateUser", None, |c| single(
            c.activate_user("userId", false).send_with_response()
        )),
        case!("changePassword", Some(change_password_body()), |c| single(
            c.change_password("userId", model(change_password_body()))
                .strict(true)
                .send_with_response()
        )),
        case!(
            "changeRecoveryQuestion",
            Some(recovery_question_body()),
            |c| single(
                c.change_recovery_question("userId", model(recovery_question_body()))
                    .send_with_response()
            )
        ),
        case!("createOrigin", Some(trusted_origin_body()), |c| single(
            c.create_origin(model(trusted_origin_body()))
                .send_with_response()
        )),
        case!("createSmsTemplate", Some(sms_template_body()), |c| single(
            c.create_sms_template(model(sms_template_body()))
                .send_with_response()
        )),
        case!("createUser", Some(create_user_body()), |c| single(
            c.create_user(model(create_user_body()))
                .activate(false)
                .send_with_response()
        )),
        case!("deactivateOrDeleteUser", None, |c| single(
            c.deactivate_or_delete_user("userId")
                .send_email(false)
                .send_with_response()
        )),
        case!("deactivateOrigin", None, |c| single(
            c.deactivate_origin("trustedOriginId").send_with_response()
        )),
        case!("deactivateUser", None, |c| single(
            c.deactivate_user("userId")
                .send_email(false)
                .send_with_response()
        )),
        case!("deleteOrigin", None, |c| single(
            c.delete_origin("trustedOriginId").send_with_response()
        )),
        case!("deleteSmsTemplate", None, |c| single(
            c.delete_sms_template("templateId").send_with_response()
        )),
        case!("expirePassword", None, |c| single(
            c.expire_password("userId").send_with_response()
        )),
        case!("expirePasswordAndGetTemporaryPassword", None, |c| single(
            c.expire_password_and_get_temporary_password("userId")
                .send_with_response()
        )),
        case!("forgotPassword", None, |c| single(
            c.forgot_password("userId")
                .send_email(false)
                .send_with_response()
        )),
        case!("getCurrentConfiguration", None, |c| single(
            c.get_current_configuration().send_with_response()
        )),
        case!("getOrigin", None, |c| single(
            c.get_origin("trustedOriginId").send_with_response()
        )),
        case!("getRefreshTokenForUserAndClient", None, |c| single(
            c.get_refresh_token_for_user_and_client("userId", "clientId", "tokenId")
                .expand("scope")
                .send_with_response()
        )),
        case!("getRoleSubscriptionByNotificationType", None, |c| single(
            c.get_role_subscription_by_notification_type("roleTypeOrRoleId", "notificationType")
                .send_with_response()
        )),
        case!("getSmsTemplate", None, |c| single(
            c.get_sms_template("templateId").send_with_response()
        )),
        case!("getUser", None, |c| single(
            c.get_user("userId").send_with_response()
        )),
        case!("getUserGrant", None, |c| single(
            c.get_user_grant("userId", "grantId")
                .expand("scope")
                .send_with_response()
        )),
        case!("listAppLinks", None, |c| page(
            c.list_app_links("userId").send()
        )),
        case!("listGrantsForUserAndClient", None, |c| page(
            c.list_grants_for_user_and_client("userId", "clientId")
                .limit(20)
                .send()
        )),
        case!("listOrigins", None, |c| page(
            c.list_origins()
                .filter("(id eq \"tosue7JvguwJ7U6kz0g3\")")
                .limit(20)
                .send()
        )),
        case!("listRefreshTokensForUserAndClient", None, |c| page(
            c.list_refresh_tokens_for_user_and_client("userId", "clientId")
                .limit(20)
                .send()
        )),
        case!("listSmsTemplates", None, |c| page(
            c.list_sms_templates()
                .template_type(models::SmsTemplateType::SmsVerifyCode)
                .send()
        )),
        case!("listUserClients", None, |c| page(
            c.list_user_clients("userId").send()
        )),
        case!("listUserGrants", None, |c| page(
            c.list_user_grants("userId").limit(20).send()
        )),
        case!("listUserGroups", None, |c| page(
            c.list_user_groups("userId").send()
        )),
        case!("listUserIdentityProviders", None, |c| page(
            c.list_user_identity_providers("userId").send()
        )),
        case!("listUsers", None, |c| page(
            c.list_users()
                .search("profile.lastName eq \"Smith\"")
                .limit(200)
                .send()
        )),
        case!("partialUpdateSmsTemplate", Some(sms_template_body()), |c| {
            single(
                c.partial_update_sms_template("templateId", model(sms_template_body()))
                    .send_with_response(),
            )
        }),
        case!("partialUpdateUser", Some(partial_user_body()), |c| single(
            c.partial_update_user("userId", model(partial_user_body()))
                .send_with_response()
        )),
        case!("reactivateUser", None, |c| single(
            c.reactivate_user("userId")
                .send_email(false)
                .send_with_response()
        )),
        case!("resetFactors", None, |c| single(
            c.reset_factors("userId").send_with_response()
        )),
        case!("revokeGrantsForUserAndClient", None, |c| single(
            c.revoke_grants_for_user_and_client("userId", "clientId")
                .send_with_response()
        )),
        case!("revokeTokenForUserAndClient", None, |c| single(
            c.revoke_token_for_user_and_client("userId", "clientId", "tokenId")
                .send_with_response()
        )),
        case!("revokeTokensForUserAndClient", None, |c| single(
            c.revoke_tokens_for_user_and_client("userId", "clientId")
                .send_with_response()
        )),
        case!("revokeUserGrant", None, |c| single(
            c.revoke_user_grant("userId", "grantId")
                .send_with_response()
        )),
        case!("revokeUserGrants", None, |c| single(
            c.revoke_user_grants("userId").send_with_response()
        )),
        case!("setLinkedObjectForUser", None, |c| single(
            c.set_linked_object_for_user(
                "associatedUserId",
                "primaryRelationshipName",
                "primaryUserId"
            )
            .send_with_response()
        )),
        case!("subscribeRoleSubscriptionByNotificationType", None, |c| {
            single(
                c.subscribe_role_subscription_by_notification_type(
                    "roleTypeOrRoleId",
                    "notificationType",
                )
                .send_with_response(),
            )
        }),
        case!("subscribeUserSubscriptionByNotificationType", None, |c| {
            single(
                c.subscribe_user_subscription_by_notification_type("userId", "notificationType")
                    .send_with_response(),
            )
        }),
        case!("unsubscribeRoleSubscriptionByNotificationType", None, |c| {
            single(
                c.unsubscribe_role_subscription_by_notification_type(
                    "roleTypeOrRoleId",
                    "notificationType",
                )
                .send_with_response(),
            )
        }),
        case!("unsubscribeUserSubscriptionByNotificationType", None, |c| {
            single(
                c.unsubscribe_user_subscription_by_notification_type("userId", "notificationType")
                    .send_with_response(),
            )
        }),
        case!("updateConfiguration", Some(threat_insight_body()), |c| {
            single(
                c.update_configuration(model(threat_insight_body()))
                    .send_with_response(),
            )
        }),
        case!("updateOrigin", Some(trusted_origin_body()), |c| single(
            c.update_origin("trustedOriginId", model(trusted_origin_body()))
                .send_with_response()
        )),
        case!("updateSmsTemplate", Some(sms_template_body()), |c| single(
            c.update_sms_template("templateId", model(sms_template_body()))
                .send_with_response()
        )),
        case!("updateUser", Some(partial_user_body()), |c| single(
            c.update_user("userId", model(partial_user_body()))
                .strict(true)
                .send_with_response()
        )),
    ]
}
