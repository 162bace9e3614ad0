import { afterEach, describe, expect, it } from 'vitest';
import { detectDiscourse } from '../../src/content/detectDiscourse';

afterEach(() => {
  document.head.innerHTML = '';
  document.body.innerHTML = '';
});

describe('detectDiscourse (MARKUP.md §1)', () => {
  it('recognizes the generator meta of any Discourse version, and reads the subfolder', () => {
    document.head.innerHTML =
      '<meta name="generator" content="Discourse 3.4.0.beta2-dev - https://github.com/discourse/discourse version abc"><meta name="discourse-base-uri" content="/forum">';
    expect(detectDiscourse()).toMatchObject({ isDiscourse: true, basePath: '/forum' });
  });
  it('falls back to #data-discourse-setup and its data-base-uri', () => {
    document.head.innerHTML = '<meta id="data-discourse-setup" data-base-uri="/community">';
    expect(detectDiscourse()).toMatchObject({ isDiscourse: true, basePath: '/community' });
  });
  it('says no for another site, even one mentioning Discourse elsewhere', () => {
    document.head.innerHTML =
      '<meta name="generator" content="WordPress 6.5"><meta name="description" content="Discourse is great">';
    expect(detectDiscourse()).toMatchObject({ isDiscourse: false, basePath: '' });
  });
});
