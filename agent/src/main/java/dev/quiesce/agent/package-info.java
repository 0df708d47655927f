/**
 * The quiesce agent: premain/agentmain, the bootstrap/tooling class-loader split, probe sites bound through
 * invokedynamic to relinkable call sites, the carrier hooks in {@code java.lang.VirtualThread} that feed
 * {@link dev.quiesce.rcu.Quiescence}, and safe probe removal through {@link dev.quiesce.rcu.TasksRcu}.
 *
 * <p>This package holds no classes yet; the manifest entries (Premain-Class, Agent-Class) are added with them.
 */
package dev.quiesce.agent;
