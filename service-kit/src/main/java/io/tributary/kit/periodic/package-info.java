/**
 * Background work that a service repeats on its own thread while it runs.
 */
package io.tributary.kit.periodic;
