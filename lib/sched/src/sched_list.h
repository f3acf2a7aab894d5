/* SPDX-License-Identifier: BSD-3-Clause */
/* Run-queue list helpers shared by the policies (internal). */
#ifndef SCHED_LIST_H
#define SCHED_LIST_H

#include <stddef.h>
#include <sched/sched.h>

#define SCHED_ENTITY_OF(l) ((struct sched_entity *)(void *)((char *)(l) - offsetof(struct sched_entity, link)))

static inline void sched_list_init(struct sched_link *l)
{
	l->prev = l;
	l->next = l;
}

static inline bool sched_list_empty(const struct sched_link *head)
{
	return head->next == head;
}

static inline bool sched_entity_queued(const struct sched_entity *e)
{
	return e->link.next != NULL && e->link.next != &e->link;
}

/* Insert node before pos (pos == head: at the tail). */
static inline void sched_list_insert_before(struct sched_link *pos, struct sched_link *node)
{
	node->prev = pos->prev;
	node->next = pos;
	pos->prev->next = node;
	pos->prev = node;
}

static inline void sched_list_del(struct sched_link *node)
{
	node->prev->next = node->next;
	node->next->prev = node->prev;
	sched_list_init(node);
}

static inline void sched_enqueue_tail(struct sched_pcpu *p, struct sched_entity *e)
{
	sched_list_insert_before(&p->runq, &e->link);
}

static inline struct sched_entity *sched_queue_head(const struct sched_pcpu *p)
{
	return sched_list_empty(&p->runq) ? NULL : SCHED_ENTITY_OF(p->runq.next);
}

static inline void sched_dequeue(struct sched_entity *e)
{
	if (sched_entity_queued(e))
		sched_list_del(&e->link);
}

/* The running entity, or NULL if current is absent or no longer runnable. */
static inline struct sched_entity *sched_running(const struct sched_pcpu *p)
{
	struct sched_entity *c = p->current;
	return (c != NULL && c->state == SCHED_RUNNING) ? c : NULL;
}

#define SCHED_FOR_EACH_QUEUED(pos, p) \
	for (struct sched_link *pos = (p)->runq.next; pos != &(p)->runq; pos = pos->next)

#endif
