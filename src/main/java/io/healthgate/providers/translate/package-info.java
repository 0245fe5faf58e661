/**
 * OpenAI ⇄ Anthropic protocol translation, in one place. Start at
 * {@link io.healthgate.providers.translate.Translator}. A streamed relay looks like:
 *
 * <pre>{@code
 * SseParser parser = new SseParser();
 * StreamTranslator t = Translator.openAiStreamToAnthropic(requestedModel);   // or passThrough(...)
 * onUpstreamChunk(buf -> parser.feed(buf).forEach(e -> write(SseWriter.bytes(t.onEvent(e)))));
 * onUpstreamEnd(() -> write(SseWriter.bytes(t.onUpstreamEnd())));
 * onUpstreamFailure(ex -> write(SseWriter.bytes(t.onUpstreamError("upstream failed: ..."))));
 * Classification c = t.outcome(classifier);    // plus t.inputTokens(), t.outputTokens()
 * }</pre>
 *
 * Client errors: {@link io.healthgate.providers.translate.TranslationException} (always a 400) and
 * {@link io.healthgate.providers.translate.ErrorShapes} for each front door's error body.
 */
package io.healthgate.providers.translate;
