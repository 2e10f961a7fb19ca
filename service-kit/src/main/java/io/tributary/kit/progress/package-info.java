/**
 * Per-message progress in Redis ({@code message:} keys), written by every service and
 * read by intake's status endpoint.
 */
package io.tributary.kit.progress;
