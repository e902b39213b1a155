//! Shared helpers for the tests of oas-codegen and okta-management.
