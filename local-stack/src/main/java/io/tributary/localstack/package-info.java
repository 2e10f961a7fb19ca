/**
 * The local launcher: a real KRaft broker, a real redis-server and the three service jars
 * as separate processes, with data kept in a local folder.
 */
package io.tributary.localstack;
