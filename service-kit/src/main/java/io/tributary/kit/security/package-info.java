/**
 * Who may call a service's APIs: API keys and JWT bearer tokens, with READ and ADMIN
 * roles. Active in services that have Spring Security on their class path.
 */
package io.tributary.kit.security;
