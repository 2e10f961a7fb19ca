package io.tributary.intake.roles;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Answers every API request of an instance that only normalizes with 404 problem details
 * (rendered by the edge's problem details advice), before any channel handler runs.
 */
class ChannelsOff implements HandlerInterceptor {

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"This intake instance only normalizes (tributary.intake.channels.enabled=false): "
						+ "channels and message status are served by the intake edge");
		throw new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
	}

}
