/**
 * One payload per WP LLM event type, the most typical first (`herald simulate` sends it
 * when no event is named). generation.completed, analysis.completed and
 * usage.limit_exceeded are the docs' own examples; the rest follow the same envelope.
 */
export function wpLlmSamples(now: Date): Record<string, unknown> {
  const created = Math.floor(now.getTime() / 1000);
  const tag = now.getTime().toString(36);
  const event = (n: number, type: string, data: Record<string, unknown>) => ({
    id: `evt_${tag}_${n}`,
    object: 'event',
    created,
    type,
    data,
  });
  const generation = { id: `gen_${tag}`, object: 'text_generation', created, model: 'wp-llm-13b' };
  const prompt = 'Create a custom post type for testimonials';
  const training = { id: `ft_${tag}`, object: 'training_job', created, model: 'wp-llm-13b', base_model: 'wp-llm-7b' };
  return {
    'generation.completed': event(2, 'generation.completed', {
      ...generation,
      prompt,
      completion:
        "<?php\n// Register Custom Post Type for Testimonials\nfunction register_testimonial_post_type() {\n    register_post_type('testimonial', array(\n        'public' => true,\n        'label'  => 'Testimonials',\n    ));\n}\nadd_action('init', 'register_testimonial_post_type');",
      usage: { prompt_tokens: 45, completion_tokens: 234, total_tokens: 279 },
      finish_reason: 'stop',
    }),
    'generation.started': event(1, 'generation.started', { ...generation, prompt }),
    'generation.failed': event(3, 'generation.failed', {
      ...generation,
      prompt,
      error: { code: 'context_length_exceeded', message: 'The prompt exceeds the model context window' },
    }),
    'analysis.completed': event(4, 'analysis.completed', {
      id: `analysis_${tag}`,
      object: 'code_analysis',
      created,
      issues: [
        {
          type: 'security',
          severity: 'high',
          line: 3,
          message: 'Unsanitized user input detected',
          suggestion: 'Use wp_kses_post() or sanitize_text_field()',
        },
      ],
      score: 0.3,
      recommendations: ['Sanitize all user inputs', 'Use WordPress nonces for form security'],
    }),
    'analysis.failed': event(5, 'analysis.failed', {
      id: `analysis_${tag}`,
      object: 'code_analysis',
      created,
      error: { code: 'parse_error', message: 'Unable to parse the submitted PHP file' },
    }),
    'model.training.started': event(6, 'model.training.started', { ...training, status: 'running', epochs: 3 }),
    'model.training.completed': event(7, 'model.training.completed', {
      ...training,
      status: 'succeeded',
      fine_tuned_model: 'wp-llm-13b:acme:2024-01',
      trained_tokens: 1_250_000,
      epochs: 3,
      training_time: 5400,
    }),
    'model.training.failed': event(8, 'model.training.failed', {
      ...training,
      status: 'failed',
      error: { code: 'invalid_training_file', message: 'Line 42 of the training file is not valid JSONL' },
    }),
    'usage.limit_exceeded': event(9, 'usage.limit_exceeded', {
      limit: 100,
      current_usage: 100,
      reset_time: created + 60,
      retry_after: 60,
    }),
    'usage.quota_exceeded': event(10, 'usage.quota_exceeded', {
      quota: 1_000_000,
      current_usage: 1_000_412,
      period: 'monthly',
      reset_time: created + 86_400 * 12,
    }),
    'usage.warning': event(11, 'usage.warning', {
      limit: 1_000_000,
      current_usage: 850_000,
      percentage: 85,
      period: 'monthly',
      reset_time: created + 86_400 * 12,
    }),
    'system.maintenance': event(12, 'system.maintenance', {
      title: 'Database upgrade',
      message: 'The API will be read-only during the maintenance window.',
      start_time: created + 86_400,
      end_time: created + 86_400 + 7200,
      affected_services: ['generation', 'analysis'],
      url: 'https://status.wp-llm.com',
    }),
    'system.update': event(13, 'system.update', {
      version: '2.4.0',
      message: 'wp-llm-13b now supports WordPress 6.5 block APIs.',
      changes: ['Block theme generation', 'Faster analysis of large plugins'],
    }),
  };
}
