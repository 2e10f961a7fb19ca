/**
 * Web edge concerns shared by every channel: RFC 9457 problem details, body size limits,
 * OpenAPI.
 */
package io.tributary.intake.system;
