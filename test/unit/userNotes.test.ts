import { runFeature } from './runFeature';
import { describe, expect, it } from 'vitest';
import { userNotes } from '../../src/content/features/userNotes';

const run = () => runFeature(userNotes, { data: { notes: { 'https://f.example|alice': 'owes me a beer' } } });

describe('user notes beside a post’s author', () => {
  it('one badge per post when both the full name and the username link (display_name_on_posts), after the names', () => {
    document.body.innerHTML = `<div data-post-number="2"><article id="post_2" data-post-id="20" data-topic-id="5">
      <div class="topic-meta-data"><div class="names trigger-user-card">
        <span class="first full-name"><a href="/u/alice" data-user-card="Alice">Alice A.</a></span>
        <span class="second username"><a href="/u/alice" data-user-card="Alice">Alice</a></span>
      </div></div></article></div>`;
    const stop = run();
    const badges = document.querySelectorAll('[data-companion=userNotes]');
    expect(badges).toHaveLength(1);
    expect(badges[0]!.parentElement!.classList.contains('names')).toBe(true);
    expect(document.querySelector('.names')!.lastElementChild).toBe(badges[0]);
    stop.abort();
  });
  it('an expanded "in reply to" post inside the article is not the post’s author: no badge for it', () => {
    document.body.innerHTML = `<div class="topic-post"><article id="post_3" data-post-id="30" data-topic-id="5">
      <section class="embedded-posts top"><div class="reply"><div class="row"><div class="topic-body">
        <div class="topic-meta-data embedded-reply"><div class="names trigger-user-card"><span class="first username"><a data-user-card="alice">alice</a></span></div></div>
      </div></div></div></section>
      <div class="row"><div class="topic-body"><div class="topic-meta-data"><div class="names trigger-user-card"><span class="first username"><a data-user-card="bob">bob</a></span></div></div></div></div>
    </article></div>`;
    const stop = run();
    expect(document.querySelectorAll('[data-companion=userNotes]')).toHaveLength(0);
    stop.abort();
  });
});
