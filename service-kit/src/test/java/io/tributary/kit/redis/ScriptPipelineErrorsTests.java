package io.tributary.kit.redis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which errors Redis answers because of its own state, in the forms Redis 6 and Redis 7
 * give an error raised inside a script.
 */
class ScriptPipelineErrorsTests {

	@Test
	void errorsOfTheServersStateAreTheServers() {
		assertThat(ScriptPipeline.serverError("OOM command not allowed when used memory > 'maxmemory'.")).isTrue();
		assertThat(ScriptPipeline.serverError(
				"READONLY You can't write against a read only replica. script: " + "6239a961, on @user_script:54."))
			.isTrue();
		assertThat(ScriptPipeline.serverError("ERR Error running script (call to f_6239a961): @user_script:54: "
				+ "OOM command not allowed when used memory > 'maxmemory'"))
			.isTrue();
		assertThat(ScriptPipeline.serverError("ERR Error running script (call to f_1485c2fd): @user_script:1: "
				+ "@user_script: 1: -OOM command not allowed when used memory > 'maxmemory'."))
			.isTrue();
		assertThat(ScriptPipeline.serverError("LOADING Redis is loading the dataset in memory")).isTrue();
	}

	@Test
	void errorsOfTheCallAreTheCalls() {
		assertThat(ScriptPipeline.serverError("ERR Error running script (call to f_6239a961): @user_script:54: "
				+ "WRONGTYPE Operation against a key holding the wrong kind of value"))
			.isFalse();
		assertThat(ScriptPipeline.serverError("WRONGTYPE Operation against a key holding the wrong kind of value "
				+ "script: 6239a961, on @user_script:54."))
			.isFalse();
		assertThat(ScriptPipeline.serverError("ERR user_script:3: attempt to concatenate a nil value")).isFalse();
		assertThat(ScriptPipeline.serverError("no such thing")).isFalse();
	}

}
