package io.tributary.kit.stage;

import java.io.UncheckedIOException;
import java.net.ConnectException;

import io.lettuce.core.RedisCommandExecutionException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;

import static org.assertj.core.api.Assertions.assertThat;

class RecordFailuresTests {

	@Test
	void infrastructureFailuresAreRetriedAnywhereInTheChain() {
		assertThat(RecordFailures.isTransient(new RedisConnectionFailureException("Unable to connect"))).isTrue();
		assertThat(RecordFailures.isTransient(new IllegalStateException("wrapped", new QueryTimeoutException("slow"))))
			.isTrue();
		assertThat(RecordFailures.isTransient(new TimeoutException("Expiring 3 records"))).isTrue();
		assertThat(RecordFailures.isTransient(new ProducerFencedException("fenced"))).isTrue();
		assertThat(RecordFailures.isTransient(new UncheckedIOException(new ConnectException("refused")))).isTrue();
		assertThat(RecordFailures.isTransient(new TransientFailure("the model timed out", null))).isTrue();
		// Errors of Redis's own state pass.
		assertThat(RecordFailures.isTransient(new RedisSystemException("Error in execution",
				new RedisCommandExecutionException("LOADING Redis is loading the dataset in memory"))))
			.isTrue();
		assertThat(RecordFailures.isTransient(new RedisSystemException("Error in execution",
				new RedisCommandExecutionException("OOM command not allowed when used memory > 'maxmemory'."))))
			.isTrue();
	}

	@Test
	void aRecordsOwnFailureIsNot() {
		assertThat(RecordFailures.isTransient(new IllegalStateException("the model refused this request"))).isFalse();
		assertThat(RecordFailures.isTransient(new NullPointerException())).isFalse();
		assertThat(RecordFailures.isTransient(new SerializationException("cannot write the event"))).isFalse();
		// Redis refusing a command because of the data: every retry would be refused.
		assertThat(
				RecordFailures.isTransient(
						new RedisSystemException("Error in execution",
								new RedisCommandExecutionException(
										"WRONGTYPE Operation against a key holding the wrong kind of value"))))
			.isFalse();
		assertThat(RecordFailures.reason("could not be answered", new IllegalArgumentException("body: required")))
			.isEqualTo("could not be answered: IllegalArgumentException: body: required");
	}

}
