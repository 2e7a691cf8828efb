/**
 * The one adjudicator ({@link io.sovereign.gateway.decide.Adjudicator}): classification with fail-closed handling,
 * then the policy's decision, redaction and the input check, into an immutable
 * {@link io.sovereign.gateway.decide.Adjudication}. The pipeline (CLASSIFY, DECIDE), the explain endpoint and
 * {@code policy test} all call it; where it runs is {@code pipeline.OffLoop}'s business. Plain Java.
 */
package io.sovereign.gateway.decide;
