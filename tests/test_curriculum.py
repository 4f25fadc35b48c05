"""The built-in curriculum: valid, complete against the seed, and ordered as an expert would."""

from __future__ import annotations

import pytest

from mlroadmap.curriculum.fit import roadmap_fit
from mlroadmap.curriculum.graph import PrerequisiteGraph
from mlroadmap.curriculum.loader import load
from mlroadmap.curriculum.model import Curriculum, Level, ResourceKind, goal_topics
from mlroadmap.curriculum.search import SearchIndex
from mlroadmap.curriculum.validate import check

LEVEL_RANK = {Level.beginner: 0, Level.intermediate: 1, Level.advanced: 2}

# Every item of the founding document, mapped to the topic (t:) or resource (r:) that covers it.
SEED_ITEMS = {
    # Beginner roadmap, Month 1-3
    "Linear Algebra: vectors": "t:vectors",
    "Linear Algebra: matrices": "t:matrices",
    "Linear Algebra: eigenvalues": "t:eigenvalues-and-eigenvectors",
    "Calculus: derivatives": "t:derivatives",
    "Calculus: gradients": "t:partial-derivatives-and-gradients",
    "Calculus: optimization": "t:optimization-basics",
    "Statistics: probability distributions": "t:probability-distributions",
    "Statistics: hypothesis testing": "t:hypothesis-testing",
    "Python basics: data types": "t:python-data-types",
    "Python basics: control flow": "t:python-control-flow",
    "Python basics: functions": "t:python-functions",
    "NumPy: array operations": "t:numpy-arrays",
    "NumPy: broadcasting": "t:numpy-broadcasting",
    "Pandas: data manipulation": "t:pandas-data-manipulation",
    "Pandas: DataFrames": "t:pandas-dataframes",
    "Linear Regression": "t:linear-regression",
    "Logistic Regression": "t:logistic-regression",
    "Decision Trees": "t:decision-trees",
    "Random Forests": "t:random-forests",
    "Train/test split": "t:train-test-split",
    "Cross-validation": "t:cross-validation",
    "Confusion matrix": "t:confusion-matrix",
    "Precision, recall": "t:precision-and-recall",
    "Scikit-learn: model training and evaluation": "t:scikit-learn-model-training",
    "Scikit-learn: pipeline creation": "t:scikit-learn-pipelines",
    "Scikit-learn: hyperparameter tuning": "t:hyperparameter-tuning",
    "Matplotlib": "t:matplotlib-plotting",
    "Seaborn": "t:seaborn-plotting",
    "Plotting distributions": "t:plotting-distributions",
    "Plotting correlations": "t:plotting-correlations",
    "Coursera Machine Learning by Andrew Ng": "r:coursera-ml-specialization",
    "Python for Data Science Handbook": "r:python-data-science-handbook",
    "Scikit-learn Documentation": "r:sklearn-user-guide",
    # Intermediate roadmap
    "Gradient Boosting": "t:gradient-boosting",
    "XGBoost": "t:xgboost",
    "LightGBM": "t:lightgbm",
    "Stacking": "t:stacking",
    "Bagging": "t:bagging",
    "K-means clustering": "t:k-means-clustering",
    "Principal Component Analysis": "t:principal-component-analysis",
    "Anomaly detection": "t:anomaly-detection",
    "Backpropagation": "t:backpropagation",
    "Activation functions": "t:activation-functions",
    "Loss functions": "t:loss-functions",
    "TensorFlow/Keras": "t:tensorflow-keras",
    "PyTorch": "t:pytorch",
    "Apache Spark": "t:apache-spark",
    "Dask": "t:dask",
    "Flask": "t:flask",
    "FastAPI": "t:fastapi",
    "Docker containerization": "t:docker",
    "Deep Learning Specialization": "r:deep-learning-specialization",
    "Fast.ai Practical Deep Learning": "r:fastai-course",
    "Hands-On Machine Learning (roadmap resource)": "r:hands-on-ml",
    # Advanced roadmap
    "Convolutional Neural Networks": "t:convolutional-neural-networks",
    "Object detection": "t:object-detection",
    "Segmentation": "t:image-segmentation",
    "Transfer learning": "t:transfer-learning",
    "Recurrent Neural Networks": "t:recurrent-neural-networks",
    "Transformers": "t:transformers",
    "BERT": "t:bert",
    "GPT": "t:gpt-and-language-models",
    "Text classification": "t:text-classification",
    "Text generation": "t:text-generation",
    "Markov Decision Processes": "t:markov-decision-processes",
    "Q-learning": "t:q-learning",
    "Deep RL": "t:deep-q-networks",
    "Policy gradients": "t:policy-gradients",
    "Apache Airflow": "t:apache-airflow",
    "Kubeflow": "t:kubeflow",
    "MLflow": "t:mlflow",
    "Drift detection": "t:drift-detection",
    "A/B testing": "t:ab-testing",
    "Continuous learning": "t:continuous-learning",
    "Generative Adversarial Networks": "t:generative-adversarial-networks",
    "Graph Neural Networks": "t:graph-neural-networks",
    "Federated Learning": "t:federated-learning",
    "arXiv, NeurIPS, ICML (research papers)": "t:tracking-ml-research",
    "Paper implementation": "t:paper-implementation",
    "Stanford CS231n": "r:cs231n",
    "Stanford CS224n": "r:cs224n",
    "Reinforcement Learning Course by David Silver": "r:david-silver-rl",
    "Made With ML": "r:made-with-ml",
    # Career paths
    "Data Scientist: statistics": "t:descriptive-statistics",
    "Data Scientist: SQL": "t:sql-basics",
    "Data Scientist: big data": "t:apache-spark",
    "Data Scientist: domain expertise (finance)": "t:ml-in-finance",
    "Data Scientist: domain expertise (healthcare)": "t:ml-in-healthcare",
    "Data Scientist: communication": "t:data-storytelling",
    "Data Scientist: business understanding": "t:business-understanding",
    "ML Engineer: software engineering": "t:software-engineering-practices",
    "ML Engineer: distributed systems": "t:distributed-systems",
    "ML Engineer: cloud platforms": "t:cloud-computing-fundamentals",
    "ML Engineer: pipelines": "t:apache-airflow",
    "ML Engineer: deployment": "t:deployment-patterns",
    "ML Engineer: monitoring": "t:model-monitoring",
    "ML Engineer: CI/CD": "t:continuous-integration-and-delivery",
    "ML Engineer: infrastructure as code": "t:infrastructure-as-code",
    "Research Scientist: advanced calculus": "t:matrix-calculus",
    "Research Scientist: linear algebra": "t:singular-value-decomposition",
    "Research Scientist: optimization": "t:convex-optimization",
    "Research Scientist: statistics (ML theory)": "t:statistical-learning-theory",
    "Research Scientist: paper reading": "t:reading-research-papers",
    "Research Scientist: implementation": "t:paper-implementation",
    "Research Scientist: publication (conferences, journals)": "t:publishing-research",
    "ML PM: product management fundamentals": "t:product-management-fundamentals",
    "ML PM: ML basics": "t:what-is-machine-learning",
    "ML PM: use cases": "t:ml-use-cases",
    "ML PM: roadmap planning": "t:product-roadmap-planning",
    "ML PM: stakeholder management": "t:stakeholder-management",
    "ML PM: A/B testing": "t:ab-testing",
    "ML PM: metrics": "t:product-metrics",
    "ML PM: team building": "t:team-building",
    "ML PM: cross-functional collaboration": "t:cross-functional-collaboration",
    # Platforms, books, communities
    "Coursera": "r:coursera",
    "edX": "r:edx",
    "Udacity": "r:udacity",
    "DataCamp": "r:datacamp",
    "Pattern Recognition and Machine Learning": "r:bishop-prml",
    "Deep Learning (Goodfellow, Bengio, Courville)": "r:goodfellow-deep-learning",
    "Machine Learning: A Probabilistic Perspective": "r:murphy-mlapp",
    "Hands-On Machine Learning (book)": "r:hands-on-ml",
    "r/MachineLearning": "r:reddit-machinelearning",
    "r/learnmachinelearning": "r:reddit-learnmachinelearning",
    "Stack Overflow": "r:stack-overflow",
    "Kaggle": "r:kaggle",
    "Towards Data Science": "r:towards-data-science",
    "Papers with Code": "r:papers-with-code",
    # Certifications and portfolio
    "AWS Certified Machine Learning - Specialty": "r:aws-ml-specialty",
    "Google Cloud Professional ML Engineer": "r:gcp-ml-engineer",
    "Microsoft Azure AI Engineer Associate": "r:azure-ai-engineer",
    "TensorFlow Developer Certificate": "r:tensorflow-developer-certificate",
    "Cloudera Certified Associate (CCA) Data Analyst": "r:cloudera-cca-data-analyst",
    "Portfolio: GitHub projects": "t:portfolio-projects",
    "Portfolio: Kaggle competitions": "t:kaggle-competitions",
    "Portfolio: blog posts": "t:technical-blogging",
    "Portfolio: open source contributions": "t:open-source-contributions",
    # Staying current
    "arXiv": "r:arxiv-cs-lg",
    "Twitter": "r:twitter-x",
    "NeurIPS": "r:neurips",
    "ICML": "r:icml",
    "CVPR": "r:cvpr",
    "ACL": "r:acl",
    "Import AI": "r:import-ai",
    "ML Weekly": "r:ml-weekly",
    "Podcasts": "r:twiml-podcast",
    # Seed's closing resources
    "Machine Learning Roadmaps (mrdbourke)": "r:mrdbourke-ml-roadmap",
    "AWS ML Learning Path": "r:aws-ml-learning-path",
    "Google ML Learning Path": "r:google-cloud-ml-training",
    "Microsoft Learn: AI and ML": "r:microsoft-learn-ml",
    "fast.ai Curriculum": "r:fastai",
    "Machine Learning Interview Preparation": "r:ml-interview-repo",
}

SEED_RESOURCE_KINDS = {
    "coursera": ResourceKind.platform,
    "edx": ResourceKind.platform,
    "bishop-prml": ResourceKind.book,
    "reddit-machinelearning": ResourceKind.community,
    "import-ai": ResourceKind.newsletter,
    "neurips": ResourceKind.conference,
    "aws-ml-specialty": ResourceKind.certification,
    "twiml-podcast": ResourceKind.podcast,
}

# Every library and tool the seed names: its topic cites its official documentation.
OFFICIAL_DOCS = {
    "numpy-arrays": "numpy-docs",
    "numpy-broadcasting": "numpy-broadcasting-docs",
    "pandas-dataframes": "pandas-user-guide",
    "scikit-learn-model-training": "sklearn-user-guide",
    "matplotlib-plotting": "matplotlib-docs",
    "seaborn-plotting": "seaborn-docs",
    "xgboost": "xgboost-docs",
    "lightgbm": "lightgbm-docs",
    "tensorflow-keras": "keras-docs",
    "pytorch": "pytorch-docs",
    "apache-spark": "spark-docs",
    "dask": "dask-docs",
    "flask": "flask-docs",
    "fastapi": "fastapi-docs",
    "docker": "docker-docs",
    "apache-airflow": "airflow-docs",
    "kubeflow": "kubeflow-docs",
    "mlflow": "mlflow-docs",
}

# (earlier, later): `earlier` must be among the prerequisites of `later`.
EXPERT_ORDER = [
    ("derivatives", "gradient-descent"),
    ("gradient-descent", "backpropagation"),
    ("chain-rule", "backpropagation"),
    ("decision-trees", "random-forests"),
    ("decision-trees", "gradient-boosting"),
    ("gradient-boosting", "xgboost"),
    ("gradient-boosting", "lightgbm"),
    ("attention-mechanism", "transformers"),
    ("transformers", "bert"),
    ("transformers", "gpt-and-language-models"),
    ("eigenvalues-and-eigenvectors", "principal-component-analysis"),
    ("linear-regression", "logistic-regression"),
    ("logistic-regression", "neural-network-basics"),
    ("backpropagation", "convolutional-neural-networks"),
    ("recurrent-neural-networks", "lstm-and-gru"),
    ("markov-decision-processes", "q-learning"),
    ("q-learning", "deep-q-networks"),
    ("hypothesis-testing", "ab-testing"),
    ("train-test-split", "cross-validation"),
    ("confusion-matrix", "precision-and-recall"),
    ("numpy-arrays", "pandas-dataframes"),
    ("python-functions", "numpy-arrays"),
    ("docker", "kubernetes"),
    ("kubernetes", "kubeflow"),
    ("sql-basics", "apache-spark"),
    ("probability-basics", "probability-distributions"),
    ("maximum-likelihood-estimation", "bayesian-inference"),
    ("cross-validation", "hyperparameter-tuning"),
    ("model-monitoring", "drift-detection"),
    ("reading-research-papers", "paper-implementation"),
    ("convolutional-neural-networks", "generative-adversarial-networks"),
    ("autoencoders", "variational-autoencoders"),
]


@pytest.fixture(scope="module")
def graph(builtin: Curriculum) -> PrerequisiteGraph:
    return PrerequisiteGraph(builtin.topics)


def test_builtin_validates_without_errors_or_warnings() -> None:
    problems = check(load())
    assert [p.to_dict() for p in problems] == []


def test_the_bank_is_audited_for_placement_and_has_templates(builtin: Curriculum) -> None:
    """Every item carries the guessability a blind solve found; the placement test can ask
    each topic at least twice; at least 100 numeric questions draw their values per attempt
    (validate, above, checks each template's formula against its worked example)."""
    questions = [q for qs in builtin.questions.values() for q in qs]
    assert all(q.guessability is not None for q in questions)
    assert not [q.id for q in questions if q.placement and (q.guessability or 0) >= 0.5]
    thin = [t for t, qs in builtin.questions.items() if sum(q.placement for q in qs) < 2]
    assert thin == []
    assert sum(q.template is not None for q in questions) >= 100


def test_size(builtin: Curriculum) -> None:
    assert len(builtin.topics) >= 150
    assert set(builtin.roadmaps) == {"beginner", "intermediate", "advanced"}
    assert set(builtin.careers) == {
        "data-scientist",
        "ml-engineer",
        "research-scientist",
        "ml-product-manager",
    }


def test_every_seed_item_is_covered(builtin: Curriculum) -> None:
    missing = []
    for item, ref in SEED_ITEMS.items():
        kind, item_id = ref.split(":", 1)
        pool = builtin.topics if kind == "t" else builtin.resources
        if item_id not in pool:
            missing.append(f"{item} -> {ref}")
    assert not missing


@pytest.mark.parametrize(("resource_id", "kind"), sorted(SEED_RESOURCE_KINDS.items()))
def test_seed_resources_have_the_right_kind(
    builtin: Curriculum, resource_id: str, kind: ResourceKind
) -> None:
    assert builtin.resources[resource_id].kind == kind


def test_topic_content_is_complete(builtin: Curriculum) -> None:
    for topic in builtin.topics.values():
        words = len(topic.body.split())
        assert words >= 120, f"{topic.id}: body has {words} words"
        assert "TODO" not in topic.body, topic.id
        assert 2 <= len(topic.objectives) <= 5, topic.id
        assert any(builtin.resources[r.id].url for r in topic.resources), topic.id
        for heading in ("## Why it matters", "## Key ideas", "## Common pitfalls"):
            assert heading in topic.body, f"{topic.id}: missing {heading}"


def test_no_two_resources_share_a_url(builtin: Curriculum) -> None:
    urls = [r.url for r in builtin.resources.values() if r.url]
    assert len(urls) == len(set(urls))


@pytest.mark.parametrize(("topic_id", "docs_id"), sorted(OFFICIAL_DOCS.items()))
def test_tools_cite_their_official_docs(builtin: Curriculum, topic_id: str, docs_id: str) -> None:
    assert builtin.resources[docs_id].kind == ResourceKind.docs
    assert docs_id in {ref.id for ref in builtin.topics[topic_id].resources}


@pytest.mark.parametrize(("earlier", "later"), EXPERT_ORDER)
def test_expert_prerequisite_order(graph: PrerequisiteGraph, earlier: str, later: str) -> None:
    assert earlier in graph.closure([later]) - {later}


def test_prerequisites_are_never_of_a_higher_level(builtin: Curriculum) -> None:
    for topic in builtin.topics.values():
        for prerequisite in topic.requires:
            required = builtin.topics[prerequisite]
            assert LEVEL_RANK[required.level] <= LEVEL_RANK[topic.level], (
                f"{topic.id} ({topic.level}) requires {prerequisite} ({required.level})"
            )


@pytest.mark.parametrize("roadmap_id", ["beginner", "intermediate", "advanced"])
def test_roadmaps_fit_their_promise(
    builtin: Curriculum, graph: PrerequisiteGraph, roadmap_id: str
) -> None:
    fit = roadmap_fit(builtin, builtin.roadmaps[roadmap_id], graph)
    assert fit.fits, fit.verdict()


def test_beginner_roadmap_needs_only_beginner_topics(
    builtin: Curriculum, graph: PrerequisiteGraph
) -> None:
    closure = graph.closure(goal_topics(builtin.roadmaps["beginner"]))
    assert {builtin.topics[t].level for t in closure} == {Level.beginner}


def test_careers_have_the_seeds_five_stages(builtin: Curriculum) -> None:
    for career in builtin.careers.values():
        assert len(career.stages) == 5, career.id


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("xgbost", "xgboost"),
        ("tranformer", "transformers"),
        ("pca", "principal-component-analysis"),
        ("rnn", "recurrent-neural-networks"),
        ("cnn", "convolutional-neural-networks"),
        ("backprop", "backpropagation"),
        ("gradient descent", "gradient-descent"),
        ("k means", "k-means-clustering"),
        ("svm", "support-vector-machines"),
        ("mdp", "markov-decision-processes"),
        ("infrastructure as code", "infrastructure-as-code"),
        ("stakeholders", "stakeholder-management"),
    ],
)
def test_search_finds_typos_and_acronyms(builtin: Curriculum, query: str, expected: str) -> None:
    hits = SearchIndex(builtin).search(query, limit=3)
    assert hits[0].topic_id == expected, [h.topic_id for h in hits]
