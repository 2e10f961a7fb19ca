/**
 * Cross-cutting web concerns of the agent processor: API authentication and problem
 * details.
 */
package io.tributary.agent.system;
