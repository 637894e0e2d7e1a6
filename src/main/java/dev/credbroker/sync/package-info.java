/**
 * Keeps broker instances that share one store in step: every admin change is written to
 * {@code store_changes} in its own transaction, and every instance polls that table and
 * replays other instances' changes as local events.
 */
package dev.credbroker.sync;
